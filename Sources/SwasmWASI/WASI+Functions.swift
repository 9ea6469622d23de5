import Swasm

// The table of `wasi_snapshot_preview1` functions: name, wasm parameters, implementation. Every function returns an
// errno (i32) except `proc_exit`, defined separately. Implementations: WASI+Process.swift (args, environ, clocks,
// random, proc, sched), WASI+FD.swift (fd_*), WASI+Path.swift (path_*), WASI+Poll.swift (poll_oneoff, sock_*).

extension WASI {
    var functions: [(String, [ValueType], Body)] {
        let i = ValueType.i32
        let l = ValueType.i64
        return [
            ("args_get", [i, i], { try $0.argsGet($1, $2) }),
            ("args_sizes_get", [i, i], { try $0.argsSizesGet($1, $2) }),
            ("environ_get", [i, i], { try $0.environGet($1, $2) }),
            ("environ_sizes_get", [i, i], { try $0.environSizesGet($1, $2) }),
            ("clock_res_get", [i, i], { try $0.clockResGet($1, $2) }),
            ("clock_time_get", [i, l, i], { try $0.clockTimeGet($1, $2) }),
            ("random_get", [i, i], { try $0.randomGet($1, $2) }),
            ("proc_raise", [i], { _, _, _ in throw WASIErrno.nosys }),
            ("sched_yield", [], { _, _, _ in _ = sched_yield_() }),
            ("fd_advise", [i, l, l, i], { try $0.fdAdvise($1, $2) }),
            ("fd_allocate", [i, l, l], { try $0.fdAllocate($1, $2) }),
            ("fd_close", [i], { try $0.fdClose($1, $2) }),
            ("fd_datasync", [i], { try $0.fdSync($1, $2, data: true) }),
            ("fd_sync", [i], { try $0.fdSync($1, $2, data: false) }),
            ("fd_fdstat_get", [i, i], { try $0.fdFdstatGet($1, $2) }),
            ("fd_fdstat_set_flags", [i, i], { try $0.fdFdstatSetFlags($1, $2) }),
            ("fd_fdstat_set_rights", [i, l, l], { try $0.fdFdstatSetRights($1, $2) }),
            ("fd_filestat_get", [i, i], { try $0.fdFilestatGet($1, $2) }),
            ("fd_filestat_set_size", [i, l], { try $0.fdFilestatSetSize($1, $2) }),
            ("fd_filestat_set_times", [i, l, l, i], { try $0.fdFilestatSetTimes($1, $2) }),
            ("fd_pread", [i, i, i, l, i], { try $0.fdRead($1, $2, positioned: true) }),
            ("fd_pwrite", [i, i, i, l, i], { try $0.fdWrite($1, $2, positioned: true) }),
            ("fd_read", [i, i, i, i], { try $0.fdRead($1, $2, positioned: false) }),
            ("fd_write", [i, i, i, i], { try $0.fdWrite($1, $2, positioned: false) }),
            ("fd_prestat_get", [i, i], { try $0.fdPrestatGet($1, $2) }),
            ("fd_prestat_dir_name", [i, i, i], { try $0.fdPrestatDirName($1, $2) }),
            ("fd_readdir", [i, i, i, l, i], { try $0.fdReaddir($1, $2) }),
            ("fd_renumber", [i, i], { try $0.fdRenumber($1, $2) }),
            ("fd_seek", [i, l, i, i], { try $0.fdSeek($1, $2) }),
            ("fd_tell", [i, i], { try $0.fdTell($1, $2) }),
            ("path_create_directory", [i, i, i], { try $0.pathCreateDirectory($1, $2) }),
            ("path_filestat_get", [i, i, i, i, i], { try $0.pathFilestatGet($1, $2) }),
            ("path_filestat_set_times", [i, i, i, i, l, l, i], { try $0.pathFilestatSetTimes($1, $2) }),
            ("path_link", [i, i, i, i, i, i, i], { try $0.pathLink($1, $2) }),
            ("path_open", [i, i, i, i, i, l, l, i, i], { try $0.pathOpen($1, $2) }),
            ("path_readlink", [i, i, i, i, i, i], { try $0.pathReadlink($1, $2) }),
            ("path_remove_directory", [i, i, i], { try $0.pathRemoveDirectory($1, $2) }),
            ("path_rename", [i, i, i, i, i, i], { try $0.pathRename($1, $2) }),
            ("path_symlink", [i, i, i, i, i], { try $0.pathSymlink($1, $2) }),
            ("path_unlink_file", [i, i, i], { try $0.pathUnlinkFile($1, $2) }),
            ("poll_oneoff", [i, i, i, i], { try $0.pollOneoff($1, $2) }),
            ("sock_accept", [i, i, i], { try $0.sockAccept($1, $2) }),
            ("sock_recv", [i, i, i, i, i, i], { try $0.sockRecv($1, $2) }),
            ("sock_send", [i, i, i, i, i], { try $0.sockSend($1, $2) }),
            ("sock_shutdown", [i, i], { try $0.sockShutdown($1, $2) })
        ]
    }
}
