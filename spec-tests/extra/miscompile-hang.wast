;; Regression (issue 12): f0 never returned (a loop counter held in a home was clobbered by a helper call in a callee): same root cause as miscompile-helper-clobbers-home.
;; Expected values from wabt 1.0.42 spectest-interp.
(module
  (type $sig0 (func (param f32 i64 i64) (result i64)))
  (type $sig1 (func (param f64 i32 f64) (result f32)))
  (type $sig2 (func (param f32 f32)))
  (type $sig3 (func (param i64 i32) (result i64)))
  (type $sig4 (func (param f32) (result f64 i64 f32)))
  (type $sig5 (func (param i64 f32) (result f64)))
  (type $sig6 (func (param f64 f64)))
  (type $sig7 (func (param i32 f64 f64) (result i64 f64 i32)))
  (type $sig8 (func (param i64) (result f32)))
  (memory 1 2)
  (data (i32.const 1000) "\44\52\18\4d\f8\37\25\35\28\f1\18\40\fc\29\be\60\af\7e\f0\14\cc\22\f6\36\e9\33\54")
  (global $g0 (mut f32) (f32.const -nan:0x7fffff))
  (global $g1 (mut i32) (i32.const -32768))
  (global $g2 (mut f32) (f32.const 0x1.5e91b20000000p+77))
  (global $g3 (mut f32) (f32.const -0x1.2aaaaa0000000p+2))
  (table 6 funcref)
  (elem (i32.const 0) $f1 $f2 $f2 $f5 $f7)
  (func $f0 (export "f0") (type $sig0) (param $l0 f32) (param $l1 i64) (param $l2 i64) (result i64)
    (local $l3 f32)
    (local $l4 i32)
    (local $s_f32 f32)
        f64.const 0x1.0000000000000p+2
        f64.const 0x1.fffffe0000000p+127
        f64.sub
        local.get $l3
        f32.const -0x1.8000000000000p+3
        i32.const 1
        call_indirect (type $sig2)
        local.get $l4
        i32.const 32767
        i32.and
        f64.load
        f64.le
        block (result i32)
          block (result i32)
            block (result i32)
              block (result i32)
                i32.const 41962
                local.get $l4
                br_table 2 0 0
              end
              f32.convert_i32_u
              local.tee $s_f32
              f32.const 0
              local.get $s_f32
              local.get $s_f32
              f32.eq
              select
              f32.const 0x1.fffffe0000000p+30
              f32.min
              f32.const -0x1.0000000000000p+31
              f32.max
              i32.trunc_f32_s
            end
            local.get $l4
            i32.mul
          end
          i32.popcnt
        end
        i32.const 16
        i32.rotl
        i32.shr_s
        local.set $l4
        local.get $l0
        local.set $l0
        i32.const 2116384472
        i32.const 1664866254
        i32.gt_s
        i32.const 22
        local.tee $l4
        i32.const -16
        i32.const 64
        i32.const 36
        select
        select
        i32.popcnt
        if
          local.get $l2
          local.get $l2
          i64.const 1
          i64.or
          i64.rem_u
          i64.ctz
          drop
        end
        i32.const 1031
        i64.load16_s)
  (func $f1 (export "f1") (type $sig1) (param $l0 f64) (param $l1 i32) (param $l2 f64) (result f32)
    (local $l3 i64)
    (local $l4 i64)
    (local $s_f64 f64)
    (local $s_i64 i64)
        i32.const 1005
        local.get $l4
        i64.store align=1
        local.get $l1
        i32.const 32760
        i32.and
        local.get $l4
        i64.store16
        i32.const 83
        local.set $l1
        local.get $l0
        local.tee $s_f64
        f64.const nan
        local.get $s_f64
        local.get $s_f64
        f64.eq
        select
        i64.reinterpret_f64
        local.get $l1
        i32.const 7
        i32.const 1
        i32.or
        i32.div_s
        call $f3
        local.set $s_i64
        local.get $s_i64
        f32.convert_i64_u)
  (func $f2 (export "f2") (type $sig2) (param $l0 f32) (param $l1 f32)
    (local $l2 f64)
    (local $l3 f32)
    (local $l4 f64)
    (local $l5 f64)
    (local $l6 i64)
    (local $s_f32 f32)
    (local $s_i32 i32)
    (local $s_i64 i64)
    (local $c0 i32)
        global.get $g1
        global.get $g1
        i32.xor
        i32.const 32768
        i32.const 64
        i32.const 1
        i32.or
        i32.div_u
        block (param i32 i32) (result i32)
          local.set $s_i32
          drop
          local.get $s_i32
          i32.ctz
        end
        f32.convert_i32_s
        local.get $l1
        f32.sub
        local.set $l1
        local.get $l3
        f32.const 0x1.8000000000000p+1
        f32.max
        f32.sqrt
        local.tee $s_f32
        f32.const 0
        local.get $s_f32
        local.get $s_f32
        f32.eq
        select
        f32.const 0x1.3880000000000p+13
        f32.min
        f32.const -0x1.3880000000000p+13
        f32.max
        i32.trunc_f32_s
        i32.extend16_s
        if
          i32.const 3
          global.set $g1
          f32.const 0x1.ab37e00000000p-97
          local.get $l1
          f32.min
          f32.ceil
          i64.trunc_sat_f32_s
          i32.const 253
          i32.extend16_s
          i32.const 255
          i32.and
          f32.load align=2
          local.get $l1
          f32.ceil
          f32.const -0x1.0000000000000p+31
          global.get $g2
          f32.div
          f32.div
          local.tee $s_f32
          f32.const nan
          local.get $s_f32
          local.get $s_f32
          f32.eq
          select
          f32.copysign
          call $f5
          drop
        end
        i32.const 2
        local.set $c0
        loop
          f32.const -0x1.0000000000000p-149
          local.set $l3
          block (result i64)
            i32.const 0
            memory.grow
            if
              local.get $l3
              call $f4
              drop
              local.set $s_i64
              drop
              local.get $s_i64
              local.get $l6
              local.tee $l6
              i64.xor
              br 1
            end
            block (result i64)
              local.get $l6
              local.set $l6
              local.get $l6
              i32.const 27671
              br_if 0
              i64.extend16_s
            end
            local.get $l6
            local.tee $l6
            i64.const 1
            i64.or
            i64.rem_s
          end
          local.set $l6
          i32.const 2
          global.get $g1
          i32.const 1
          i32.or
          i32.div_s
          f64.const 0x1.0000000000000p+53
          f64.const 0x1.3ea70150df858p+17
          i32.const 1676303881
          select
          local.get $l0
          f64.promote_f32
          call $f7
          drop
          drop
          local.set $s_i64
          local.get $s_i64
          local.get $l6
          i64.extend16_s
          local.get $l6
          i64.or
          block (result i32)
            local.get $l6
            drop
            i32.const 5
            i32.extend8_s
            if
              i32.const 1016
              i32.load
              br 1
            end
            i32.const 5226
            i32.load align=4
          end
          select
          drop
          local.get $c0
          i32.const 1
          i32.sub
          local.tee $c0
          br_if 0
        end)
  (func $f3 (export "f3") (type $sig3) (param $l0 i64) (param $l1 i32) (result i64)
    (local $l2 f64)
    (local $s_f64 f64)
    (local $s_i64 i64)
        block (result i32)
          block (result i32)
            block (result i32)
              i32.const 2
              i32.const 1
              br_table 2 2 0 2
            end
            i32.popcnt
          end
          f64.convert_i32_s
          local.tee $s_f64
          f64.const 0
          local.get $s_f64
          local.get $s_f64
          f64.eq
          select
          f64.const 0x1.ffffffff9999ap+30
          f64.min
          f64.const -0x1.00000001ccccdp+31
          f64.max
          i32.trunc_f64_s
        end
        if
          i64.const -128
          f32.const 0x1.4400000000000p+3
          call $f5
          drop
          local.get $l2
          drop
        else
          i32.const 1001
          local.get $l0
          i64.store32
        end
        local.get $l1
        local.get $l1
        i32.or
        if
          i32.const 12116
          i64.const -11
          i64.store32
        else
          local.get $l2
          local.set $l2
        end
        i64.const 8
        i64.const 3
        global.get $g1
        select
        local.set $l0
        global.get $g1
        if
          global.get $g2
          drop
        end
        i64.const 22
        global.get $g3
        call $f5
        local.set $s_f64
        local.get $s_f64
        local.tee $s_f64
        f64.const 0
        local.get $s_f64
        local.get $s_f64
        f64.eq
        select
        f64.const 0x1.3880000000000p+13
        f64.min
        f64.const -0x1.3880000000000p+13
        f64.max
        i32.trunc_f64_s
        local.get $l2
        f64.floor
        f32.const -0x1.9555560000000p+3
        f64.promote_f32
        call $f7
        f64.convert_i32_u
        local.tee $s_f64
        f64.const nan
        local.get $s_f64
        local.get $s_f64
        f64.eq
        select
        f64.copysign
        local.tee $s_f64
        f64.const 0
        local.get $s_f64
        local.get $s_f64
        f64.eq
        select
        f64.const 0x1.9100000000000p+6
        f64.min
        f64.const -0x1.9100000000000p+6
        f64.max
        i64.trunc_f64_s
        i64.shr_s
        i32.wrap_i64
        i32.const 1015
        f64.load offset=3
        f64.ceil
        local.get $l2
        local.set $l2
        local.get $l1
        if (result f64)
          local.get $l2
        else
          local.get $l2
          local.get $l2
          call $f6
          f32.const -0x1.0000000000000p+63
          f64.promote_f32
        end
        i32.const 4
        call_indirect (type $sig7)
        drop
        drop
        local.set $s_i64
        local.get $s_i64
        i64.popcnt)
  (func $f4 (export "f4") (type $sig4) (param $l0 f32) (result f64 i64 f32)
    (local $l1 f64)
    (local $l2 i64)
    (local $l3 i32)
    (local $l4 i32)
    (local $l5 f32)
        local.get $l2
        local.set $l2
        global.get $g1
        i32.const 255
        i32.and
        f64.load offset=16
        f64.neg
        f32.const 0x1.fffffe0000000p+30
        local.set $l0
        local.get $l4
        i32.const 1
        i32.and
        memory.grow
        drop
        local.get $l2
        local.tee $l2
        global.get $g3
        f32.sqrt)
  (func $f5 (export "f5") (type $sig5) (param $l0 i64) (param $l1 f32) (result f64)
    (local $l2 i32)
    (local $s_f32 f32)
    (local $s_f64 f64)
        i32.const -1389118935
        i32.const 255
        i32.and
        f32.const -0x1.8000000000000p+2
        local.tee $s_f32
        f32.const nan
        local.get $s_f32
        local.get $s_f32
        f32.eq
        select
        f32.store offset=2159
        i32.const 453494511
        i32.const 255
        i32.and
        i32.load16_s offset=20652 align=1
        if (result f64)
          local.get $l2
          global.set $g1
          i32.const 1005
          f64.load
        else
          i32.const 20277
          local.get $l0
          i64.store8 align=1
          f64.const 0x1.fffffe0000000p+22
          f64.const 0x1.fffffffc00000p+30
          call $f6
          local.get $l2
          f64.const 0x1.0000000000000p+0
          f64.const inf
          i32.const 4
          call_indirect (type $sig7)
          drop
          local.set $s_f64
          drop
          local.get $s_f64
          f64.floor
        end)
  (func $f6 (export "f6") (type $sig6) (param $l0 f64) (param $l1 f64)
    (local $l2 i64)
    (local $l3 i64)
    (local $l4 i64)
    (local $s_f64 f64)
        global.get $g3
        global.set $g2
        i32.const 39068
        local.get $l4
        i64.store
        i32.const 1018
        f64.const -0x1.e99922d4d95e3p-333
        local.tee $s_f64
        f64.const nan
        local.get $s_f64
        local.get $s_f64
        f64.eq
        select
        f64.store
        global.get $g1
        drop)
  (func $f7 (export "f7") (type $sig7) (param $l0 i32) (param $l1 f64) (param $l2 f64) (result i64 f64 i32)
    (local $l3 f32)
    (local $l4 f64)
    (local $s_f32 f32)
    (local $s_f64 f64)
    (local $s_i64 i64)
    (local $c0 i32)
    (local $c1 i32)
        i64.const 1542268029845970781
        i64.ctz
        i64.const -31
        i64.shl
        i32.const 1
        i32.const 8
        i32.rotr
        local.get $l0
        if (result i32)
          i32.const -4
        else
          local.get $l0
        end
        i32.const 1
        i32.or
        i32.rem_u
        if (result f64)
          local.get $l4
          local.get $l4
          f64.max
          f64.const -0x1.0429cdf815056p+156
          local.get $l4
          f64.add
          f64.add
        else
          block (result f32)
            global.get $g3
            local.set $l3
            local.get $l3
            local.get $l0
            br_if 0
            f32.const -0x1.1c00000000000p+6
            local.tee $s_f32
            f32.const nan
            local.get $s_f32
            local.get $s_f32
            f32.eq
            select
            f32.copysign
          end
          local.set $l3
          block (result f64)
            local.get $l3
            local.set $l3
            local.get $l1
            local.get $l0
            br_if 0
            local.tee $s_f64
            f64.const nan
            local.get $s_f64
            local.get $s_f64
            f64.eq
            select
            i64.reinterpret_f64
            f64.reinterpret_i64
          end
          f64.floor
        end
        i32.const 1020781241
        global.get $g1
        i32.mul
        i32.const 255
        i32.and
        i32.load
        f32.const 0x1.d333340000000p+2
        i32.reinterpret_f32
        local.tee $l0
        i32.const 1
        i32.or
        i32.rem_u
        global.get $g2
        local.tee $s_f32
        f32.const 0
        local.get $s_f32
        local.get $s_f32
        f32.eq
        select
        f32.const 0x1.fffffe0000000p+30
        f32.min
        f32.const -0x1.0000000000000p+31
        f32.max
        i32.trunc_f32_s
        br_if 0
        drop
        drop
        drop
        block (result i64)
          global.get $g1
          if
            block (result i64)
              f64.const 0x1.4c16f7326b8a6p+19
              f64.const -0x1.9000000000000p+1
              f64.div
              f64.const -inf
              f64.sqrt
              f64.le
              if
                local.get $l0
                local.get $l0
                i32.const 1
                i32.or
                i32.rem_s
                if (result i64)
                  i32.const 172
                  local.get $l0
                  i32.store8
                  i64.const 4294967296
                  i64.const 64
                  i64.mul
                else
                  local.get $l0
                  br_if 1
                  local.get $l0
                  i32.const 255
                  i32.and
                  i64.load
                end
                br 1
              end
              local.get $l0
              local.get $l0
              i32.or
              i32.const 63
              i32.and
              i64.load offset=1
            end
            br 1
          end
          local.get $l1
          local.tee $s_f64
          f64.const 0
          local.get $s_f64
          local.get $s_f64
          f64.eq
          select
          f64.const 0x1.6e36000000000p+21
          f64.min
          f64.const -0x1.fae147ae147aep-1
          f64.max
          i32.trunc_f64_u
          local.tee $l0
          i64.extend_i32_u
        end
        block (result f32 i64)
          local.get $l3
          i64.const 54
          i64.const -8206558355129055942
          i32.const 6
          local.set $c0
          loop (param i64) (result i64)
            i64.ctz
            global.get $g1
            local.set $l0
            local.get $c0
            i32.const 1
            i32.sub
            local.tee $c0
            br_if 0
          end
          i64.const 128
          i64.const 5923425881079822855
          i64.const 1
          i64.or
          i64.div_u
          i64.shr_s
          i64.add
          local.get $l0
          i64.extend_i32_u
          i64.eqz
          i32.const 1021
          i32.load16_u align=1
          i32.rotr
          br_if 0
        end
        local.set $s_i64
        drop
        local.get $s_i64
        i64.or
        local.get $l1
        block (result f64)
          block (result f64)
            block (result f64)
              f32.const 0x0.0p+0
              i32.reinterpret_f32
              i32.const 63
              i32.and
              f64.load align=4
              i32.const 2
              local.set $c1
              loop (result i32)
                local.get $l0
                if
                end
                f64.const 0x1.fffffffe00000p+31
                local.set $l1
                block (result i32)
                  i32.const 20
                  if
                    local.get $l0
                    br 1
                  end
                  i32.const 255
                end
                local.get $c1
                i32.const 1
                i32.sub
                local.tee $c1
                br_if 0
              end
              br_table 1 2 1 0 1 0
            end
            f64.sqrt
          end
          f64.abs
        end
        local.get $l4
        f64.sub
        f64.sub
        i32.const 218857027)
)
(assert_return (invoke "f0" (f32.const -0.5) (i64.const -65536) (i64.const 255)) (i64.const 0))
(assert_return (invoke "f0" (f32.const 3984.52685546875) (i64.const 4059790190608804947) (i64.const 16857)) (i64.const 0))
