import Glibc
import Swasm

extension WASI {
    /// `poll_oneoff`: clock subscriptions (relative or absolute timeouts) and readiness of descriptors. Regular
    /// files and in-memory streams are always ready; host streams, pipes and sockets are polled.
    func pollOneoff(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let count = a[2].u32
        guard count > 0 else { throw .inval }
        // Both arrays and the result must lie in memory before anything is read or written.
        guard UInt64(count) * 48 <= UInt64(m.raw.count) else { throw .fault }
        _ = try m.bytes(a[0].u32, count * 48)
        _ = try m.bytes(a[1].u32, count * 32)
        _ = try m.bytes(a[3].u32, 4)
        struct Event {
            var userdata: UInt64
            var error: WASIErrno
            var type: UInt8
            var nbytes: UInt64 = 0
        }
        var ready: [Event] = []
        var polled: [(pollfd, UInt64, UInt8)] = []
        var timeout: UInt64? // nanoseconds from now of the earliest clock
        var clocks: [(UInt64, UInt64)] = [] // (deadline from now, userdata)
        for k in 0..<count {
            let s = a[0].u32 &+ 48 &* k
            let userdata = try m.load(UInt64.self, s)
            let tag = try m.load(UInt8.self, s + 8)
            switch tag {
            case 0:
                let id = try m.load(UInt32.self, s + 16)
                let t = try m.load(UInt64.self, s + 24)
                let flags = try m.load(UInt16.self, s + 40)
                var wait = t
                if flags & 1 != 0 {
                    guard let now = configuration.clock.now(id) else {
                        ready.append(Event(userdata: userdata, error: .inval, type: 0))
                        continue
                    }
                    wait = t > now ? t - now : 0
                } else if configuration.clock.resolution(id) == nil {
                    ready.append(Event(userdata: userdata, error: .inval, type: 0))
                    continue
                }
                clocks.append((wait, userdata))
                timeout = min(timeout ?? wait, wait)
            case 1, 2:
                let fd = try m.load(UInt32.self, s + 16)
                guard let d = descriptors[fd] else {
                    ready.append(Event(userdata: userdata, error: .badf, type: tag))
                    continue
                }
                switch d.backing {
                case .host(let h) where d.type != .regularFile && d.type != .directory:
                    polled.append(
                        (pollfd(fd: h, events: Int16(tag == 1 ? POLLIN : POLLOUT), revents: 0), userdata, tag))
                case .input(let bytes, let position):
                    ready.append(
                        Event(
                            userdata: userdata, error: .success, type: tag,
                            nbytes: UInt64(max(0, bytes.count - position))))
                default:
                    ready.append(Event(userdata: userdata, error: .success, type: tag))
                }
            default:
                throw .inval
            }
        }
        if !polled.isEmpty {
            var fds = polled.map(\.0)
            let ms: Int32 = ready.isEmpty ? timeout.map { Int32(min($0 / 1_000_000, UInt64(Int32.max))) } ?? -1 : 0
            let n = retrying { poll(&fds, nfds_t(fds.count), ms) }
            guard n >= 0 else { throw WASIErrno.last }
            for (k, p) in fds.enumerated() where p.revents != 0 {
                let failed = p.revents & Int16(POLLNVAL) != 0
                ready.append(Event(userdata: polled[k].1, error: failed ? .badf : .success, type: polled[k].2))
            }
        } else if ready.isEmpty, let timeout {
            // Only clocks: sleep until the earliest one.
            var ts = timespec(tv_sec: Int(timeout / 1_000_000_000), tv_nsec: Int(timeout % 1_000_000_000))
            var rest = timespec()
            while nanosleep(&ts, &rest) != 0 && errno == EINTR { ts = rest }
        }
        if ready.isEmpty || polled.isEmpty {
            if let timeout {
                for (wait, userdata) in clocks where wait <= timeout {
                    ready.append(Event(userdata: userdata, error: .success, type: 0))
                }
            }
        }
        for (k, e) in ready.prefix(Int(count)).enumerated() {
            let p = a[1].u32 &+ 32 &* UInt32(k)
            try m.store(e.userdata, p)
            try m.store(e.error.rawValue, p + 8)
            try m.store(e.type, p + 10)
            for z in UInt32(11)..<16 { try m.store(UInt8(0), p + z) }
            try m.store(e.nbytes, p + 16)
            try m.store(UInt64(0), p + 24)
        }
        try m.store(UInt32(min(ready.count, Int(count))), a[3].u32)
    }

    // MARK: Sockets (descriptors that are host sockets: preopened or given as standard streams)

    /// The host socket behind descriptor `fd` (ENOTSOCK for anything else, before the rights are checked).
    func socket(_ fd: Value, _ rights: UInt64 = 0) throws(WASIErrno) -> Int32 {
        guard let h = try descriptor(fd).hostFD else { throw .notsock }
        var st = stat()
        guard fstat(h, &st) == 0, st.st_mode & S_IFMT == S_IFSOCK else { throw .notsock }
        return try hostFD(fd, rights)
    }

    func sockAccept(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let s = try socket(a[0], Rights.sockAccept)
        guard a[1].u32 & ~UInt32(FDFlags.nonblock) == 0 else { throw .inval }
        _ = try m.bytes(a[2].u32, 4)
        let c = retrying { accept(s, nil, nil) }
        guard c >= 0 else { throw WASIErrno.last }
        _ = fcntl(c, F_SETFD, FD_CLOEXEC)
        if a[1].u32 != 0 { _ = fcntl(c, F_SETFL, fcntl(c, F_GETFL) | O_NONBLOCK) }
        let d = Descriptor(
            backing: .host(c), type: .socketStream,
            rightsBase: Rights.fdRead | Rights.fdWrite | Rights.pollFdReadwrite | Rights.sockShutdown
                | Rights.fdFdstatSetFlags | Rights.fdFilestatGet, rightsInheriting: 0)
        try m.store(try allocate(d), a[2].u32)
    }

    func sockRecv(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let s = try socket(a[0], Rights.fdRead)
        var iov = try m.iovecs(a[1].u32, a[2].u32).map { iovec(iov_base: $0.baseAddress, iov_len: $0.count) }
        let riflags = a[3].u32
        guard riflags & ~3 == 0 else { throw .inval }
        _ = try m.bytes(a[4].u32, 4)
        _ = try m.bytes(a[5].u32, 2)
        var msg = msghdr()
        let n = iov.withUnsafeMutableBufferPointer { b -> Int in
            msg.msg_iov = b.baseAddress
            msg.msg_iovlen = b.count
            let flags = (riflags & 1 != 0 ? MSG_PEEK : 0) | (riflags & 2 != 0 ? MSG_WAITALL : 0)
            return retrying { recvmsg(s, &msg, Int32(flags)) }
        }
        guard n >= 0 else { throw WASIErrno.last }
        try m.store(UInt32(n), a[4].u32)
        try m.store(UInt16(msg.msg_flags & Int32(MSG_TRUNC) != 0 ? 1 : 0), a[5].u32)
    }

    func sockSend(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let s = try socket(a[0], Rights.fdWrite)
        var iov = try m.iovecs(a[1].u32, a[2].u32).map { iovec(iov_base: $0.baseAddress, iov_len: $0.count) }
        _ = try m.bytes(a[4].u32, 4)
        var msg = msghdr()
        let n = iov.withUnsafeMutableBufferPointer { b -> Int in
            msg.msg_iov = b.baseAddress
            msg.msg_iovlen = b.count
            return retrying { sendmsg(s, &msg, Int32(MSG_NOSIGNAL)) }
        }
        guard n >= 0 else { throw WASIErrno.last }
        try m.store(UInt32(n), a[4].u32)
    }

    func sockShutdown(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let s = try socket(a[0], Rights.sockShutdown)
        let how: Int32
        switch a[1].u32 {
        case 1: how = Int32(SHUT_RD)
        case 2: how = Int32(SHUT_WR)
        case 3: how = Int32(SHUT_RDWR)
        default: throw .inval
        }
        guard shutdown(s, how) == 0 else { throw WASIErrno.last }
    }
}
