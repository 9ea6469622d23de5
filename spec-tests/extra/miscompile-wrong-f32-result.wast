;; Regression (issue 12): f0 returned f32 1 instead of 5.161125e+18: same root cause as miscompile-helper-clobbers-home.
;; Expected values from wabt 1.0.42 spectest-interp.
(module
  (type $sig0 (func (param f32) (result i64 f32)))
  (type $sig1 (func (param f32 f64) (result f32 i64 i32)))
  (type $sig2 (func (result i64)))
  (type $sig3 (func (param f32 i64) (result f64)))
  (type $sig4 (func (param f64) (result i64 i32)))
  (type $sig5 (func (param f32 i32 f32)))
  (type $sig6 (func (param f32) (result f32)))
  (memory 1 2)
  (data (i32.const 100) "\7d\b4\47\7b\a3\26\9b\44\b5")
  (global $g0 (mut i32) (i32.const 3))
  (global $g1 (mut f64) (f64.const 0x1.0000000000000p+63))
  (global $g2 f32 (f32.const 0x1.0000000000000p+32))
  (table 5 funcref)
  (elem (i32.const 0) $f1 $f2 $f2 $f5)
  (func $f0 (export "f0") (type $sig0) (param $l0 f32) (result i64 f32)
    (local $l1 f32)
    (local $l2 i64)
    (local $l3 i64)
    (local $l4 i32)
    (local $l5 f64)
    (local $s_f32 f32)
    (local $s_f64 f64)
    (local $s_i64 i64)
        i32.const 111
        f64.load
        local.set $l5
        i32.const 111
        i64.load16_s
        local.get $l2
        local.get $l3
        i64.shl
        local.get $l3
        local.get $l2
        local.get $l4
        select
        i64.mul
        i64.le_s
        if
          block (result f64 i32)
            local.get $l5
            local.get $l4
            local.get $l4
            br_if 0
          end
          f64.convert_i32_s
          f64.min
          local.get $l5
          local.get $l5
          f64.add
          f64.min
          global.set $g1
          i32.const 2
          call_indirect (type $sig2)
          local.set $s_i64
          local.get $s_i64
          local.get $l0
          global.get $g1
          i32.const 0
          call_indirect (type $sig1)
          i64.extend_i32_u
          i64.or
          f32.convert_i64_u
          f32.mul
          f32.trunc
          call $f2
          local.set $s_i64
          local.get $s_i64
          i32.wrap_i64
          br_if 1
          drop
          drop
        else
          local.get $l2
          f32.convert_i64_u
          local.get $l4
          f32.convert_i32_s
          f32.le
          br_if 0
        end
        call $f2
        local.set $s_i64
        local.get $s_i64
        i64.eqz
        f32.convert_i32_u
        i32.const 3364
        global.get $g0
        i32.eq
        i32.extend16_s
        i32.const 108
        i32.const 65536
        i32.store
        local.get $l1
        i32.trunc_sat_f32_u
        i32.const 1
        i32.or
        i32.rem_s
        local.get $l1
        local.get $l0
        global.get $g0
        select
        local.get $l0
        local.get $l1
        f32.min
        f32.add
        local.tee $s_f32
        f32.const 0
        local.get $s_f32
        local.get $s_f32
        f32.eq
        select
        f32.const 0x1.9100000000000p+6
        f32.min
        f32.const -0x1.9100000000000p+6
        f32.max
        i32.trunc_f32_s
        i32.xor
        local.get $l1
        f64.promote_f32
        local.get $l5
        local.get $l5
        f64.add
        local.tee $s_f64
        f64.const nan
        local.get $s_f64
        local.get $s_f64
        f64.eq
        select
        f64.copysign
        i32.const -6
        i32.extend8_s
        block (param f64 i32) (result f64)
          drop
          local.set $s_f64
          local.get $s_f64
          block (result i32)
            local.get $l4
            local.get $l4
            br_if 0
            i32.const -9
            i32.mul
          end
          local.tee $l4
          br_if 0
          local.get $l5
          f64.abs
          local.get $l0
          global.get $g1
          block (param f32 f64) (result f64)
            local.set $s_f64
            drop
            local.get $s_f64
          end
          f64.add
          f64.min
        end
        f32.demote_f64
        i32.const 3
        call_indirect (type $sig5)
        i32.const -2147483647
        i32.const 255
        i32.sub
        i32.const 27
        local.get $l4
        local.get $l4
        select
        i32.mul
        if (result i64)
          local.get $l4
          if
            f64.const -0x1.a73a87f20207ep-90
            global.set $g1
            local.get $l4
            i32.const 63
            i32.and
            local.get $l3
            i64.store8 offset=18999
          end
          local.get $l3
          i64.popcnt
        else
          local.get $l3
          i64.extend32_s
          i64.extend8_s
        end
        i64.extend8_s
        i64.extend16_s
        local.get $l5
        i32.const 105
        f64.load offset=2
        f64.const 0x1.2a7e89ee0fc1fp+678
        f64.abs
        global.get $g0
        local.get $l4
        local.get $l4
        select
        select
        f64.copysign
        i32.const 97
        f32.load align=4
        block (param f64 f32) (result i64)
          f64.promote_f32
          f64.add
          local.tee $s_f64
          f64.const nan
          local.get $s_f64
          local.get $s_f64
          f64.eq
          select
          i64.reinterpret_f64
          local.get $l4
          if (result i64)
            local.get $l5
            local.set $l5
            local.get $l3
          else
            local.get $l2
          end
          local.get $l1
          local.tee $s_f32
          f32.const 0
          local.get $s_f32
          local.get $s_f32
          f32.eq
          select
          f32.const 0x1.fffffe0000000p+63
          f32.min
          f32.const -0x1.fae1480000000p-1
          f32.max
          i64.trunc_f32_u
          i64.eq
          local.tee $l4
          br_if 0
          f64.reinterpret_i64
          local.tee $s_f64
          f64.const 0
          local.get $s_f64
          local.get $s_f64
          f64.eq
          select
          f64.const 0x1.8000000000000p+0
          f64.min
          f64.const -0x1.8000000000000p+0
          f64.max
          i64.trunc_f64_s
        end
        f32.convert_i64_s)
  (func $f1 (export "f1") (type $sig1) (param $l0 f32) (param $l1 f64) (result f32 i64 i32)
    (local $l2 f64)
        local.get $l1
        local.set $l1
        i32.const 2
        memory.grow
        drop
        local.get $l0
        local.set $l0
        global.get $g0
        if
        end
        i32.const 36316
        f32.load
        global.get $g0
        i32.const 1137170192
        i32.eq
        i32.const 32760
        i32.and
        i64.load8_u offset=48
        local.get $l0
        local.get $l0
        f32.ge
        global.get $g0
        global.get $g0
        i32.mul
        i32.lt_s)
  (func $f2 (export "f2") (type $sig2) (result i64)
    (local $l0 f32)
    (local $c0 i32)
    (local $c1 i32)
        f32.const -0x1.3c00000000000p+6
        local.set $l0
        i32.const 2
        if
        else
        end
        i32.const 4
        local.set $c0
        loop
          f32.const -0x1.64ee020000000p-117
          local.set $l0
          local.get $c0
          i32.const 1
          i32.sub
          local.tee $c0
          br_if 0
        end
        i32.const 5
        local.set $c1
        loop
          local.get $c1
          i32.const 1
          i32.sub
          local.tee $c1
          br_if 0
        end
        f64.const 0x1.8000000000000p+1
        call $f4
        i64.extend_i32_s
        i64.mul
        i32.const 2
        local.get $l0
        block (param i32 f32) (result i64)
          i32.trunc_sat_f32_u
          i32.shr_u
          i64.extend_i32_s
        end
        i64.rotr)
  (func $f3 (export "f3") (type $sig3) (param $l0 f32) (param $l1 i64) (result f64)
    (local $l2 f64)
    (local $l3 i64)
    (local $l4 i64)
    (local $l5 f64)
        i64.const 253
        local.set $l1
        block (result i32 i32)
          i32.const 37
          global.get $g0
        end
        i32.extend16_s
        i32.rotl
        f64.convert_i32_u)
  (func $f4 (export "f4") (type $sig4) (param $l0 f64) (result i64 i32)
    (local $l1 f64)
    (local $l2 i32)
    (local $l3 f64)
    (local $s_f64 f64)
    (local $c0 i32)
    (local $c1 i32)
    (local $c2 i32)
        i32.const 6
        local.set $c0
        loop
          global.get $g2
          local.get $l2
          f32.const 0x1.8efb1a0000000p+93
          call $f5
          local.get $l2
          local.get $l2
          local.get $l2
          select
          local.get $l2
          global.get $g0
          i32.le_s
          i32.or
          if (result f64)
            block (result f64)
              global.get $g0
              if
                i32.const 16
                local.set $l2
              end
              global.get $g1
              local.get $l2
              if (result i32)
                local.get $l2
              else
                local.get $l1
                local.set $l3
                global.get $g0
              end
              br_if 0
              f64.abs
            end
          else
            f32.const -0x1.8aaaaa0000000p+3
            local.get $l2
            f32.const 0x1.b4c18c0000000p+18
            call $f5
            global.get $g1
            global.get $g1
            f64.max
            f32.const 0x1.3534b00000000p-9
            f64.promote_f32
            local.get $l2
            local.get $l2
            i32.lt_s
            select
          end
          local.set $l1
          f32.const -0x1.8000000000000p+0
          f32.const 0x1.fffffe0000000p-2
          f32.copysign
          f32.neg
          i32.reinterpret_f32
          i32.const -640008755
          i32.eq
          if
            unreachable
          end
          local.get $c0
          i32.const 1
          i32.sub
          local.tee $c0
          br_if 0
        end
        block
          i32.const 52697
          i32.const 3
          local.set $c1
          loop (result i64)
            local.get $l3
            f32.demote_f64
            f32.const 0x1.79cf5a0000000p-16
            local.get $l2
            global.get $g2
            i32.const 3
            call_indirect (type $sig5)
            local.get $l2
            local.get $l2
            i32.const 1
            i32.or
            i32.rem_u
            i32.const -12
            f32.convert_i32_s
            call $f5
            f32.const -inf
            f32.const 0x1.0000000000000p+63
            f32.ne
            if
              global.get $g1
              global.set $g1
              global.get $g2
              drop
            else
              local.get $l2
              if
                local.get $l0
                local.set $l0
              else
              end
            end
            i32.const 0
            memory.grow
            drop
            f32.const 0x1.0000000000000p+53
            local.get $l2
            global.get $g2
            call $f5
            i32.const 1877353328
            i32.const 255
            i32.and
            i32.load8_s
            i64.extend_i32_s
            local.get $c1
            i32.const 1
            i32.sub
            local.tee $c1
            br_if 0
          end
          i64.store32
          block (result f64 i32)
            local.get $l1
            i64.const 15
            i32.wrap_i64
          end
          f64.convert_i32_s
          f64.max
          f64.ceil
          i32.trunc_sat_f64_s
          local.get $l2
          i32.popcnt
          i32.extend8_s
          global.get $g0
          if (result i32)
            i32.const 0
            memory.grow
            drop
            i64.const 1
            i64.eqz
          else
            local.get $l2
            if (result i32)
              local.get $l0
              local.set $l3
              local.get $l2
            else
              local.get $l2
              local.set $l2
              global.get $g0
            end
          end
          i32.const 1
          i32.or
          i32.div_s
          i32.add
          br_if 0
          i32.const 1
          local.set $c2
          loop (result i64)
            local.get $l3
            local.set $l0
            local.get $l3
            local.set $l1
            block
              local.get $l1
              local.set $l0
              local.get $l2
              br_if 0
            end
            i64.const -2
            i64.extend32_s
            local.get $c2
            i32.const 1
            i32.sub
            local.tee $c2
            br_if 0
          end
          i32.wrap_i64
          local.set $l2
        end
        block (result f64)
          block (result f64)
            local.get $l3
            local.get $l2
            i32.const 7
            i32.and
            i32.const 7
            i32.eq
            if (result i32)
              unreachable
            else
              global.get $g0
            end
            i32.const 2147483647
            i32.le_u
            i32.const 32760
            i32.and
            i32.load8_u offset=7653
            i32.ctz
            i32.const 7
            i32.and
            br_table 0 1
          end
          local.tee $s_f64
          f64.const 0
          local.get $s_f64
          local.get $s_f64
          f64.eq
          select
          f64.const 0x1.ffffffffccccdp+31
          f64.min
          f64.const -0x1.fae147ae147aep-1
          f64.max
          i32.trunc_f64_u
          f64.convert_i32_u
        end
        block (param f64) (result i64)
          local.set $s_f64
          local.get $s_f64
          local.tee $s_f64
          f64.const 0
          local.get $s_f64
          local.get $s_f64
          f64.eq
          select
          f64.const 0x1.fffffffffffffp+62
          f64.min
          f64.const -0x1.0000000000000p+63
          f64.max
          i64.trunc_f64_s
          i32.const 128
          br_if 0
          i64.extend16_s
        end
        i32.const -452082862)
  (func $f5 (export "f5") (type $sig5) (param $l0 f32) (param $l1 i32) (param $l2 f32)
    (local $l3 i64)
    (local $l4 i64)
    (local $l5 f64)
    (local $l6 i32)
        local.get $l6
        i32.const 32760
        i32.and
        local.get $l4
        i64.store offset=27388
        global.get $g0
        if
          return
        end
        i32.const 2147483646
        if
          local.get $l0
          local.set $l0
        else
          i32.const 33
          local.set $l6
        end)
)
(assert_return (invoke "f0" (f32.const 3.5)) (i64.const 0) (f32.const 0x1.1e8p+62))
(assert_return (invoke "f0" (f32.const 4884.10546875)) (i64.const 0) (f32.const 0x1.1e8p+62))
