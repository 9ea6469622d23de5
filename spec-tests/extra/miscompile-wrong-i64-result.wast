;; Regression (issue 12): f1 returned 0 instead of 853: same root cause as miscompile-helper-clobbers-home (h1 grows memory while f1 keeps locals in homes).
;; Expected values from wabt 1.0.42 spectest-interp.
(module
  (type $sig0 (func (param f32 f32 i64 f32 i32) (result i64)))
  (type $sig1 (func (param i32 i32 f64 f64) (result i64 f64)))
  (type $sig2 (func (param i64 f32 f32)))
  (type $sig3 (func (param f64 i32) (result i64)))
  (type $sig4 (func (param f64) (result i64)))
  (type $sig5 (func (param f32 f64) (result f64 f64 f32)))
  (type $sig6 (func (param i32 f64) (result f64)))
  (memory 1 2)
  (data (i32.const 100) "\04\2a\25\11\66\e9\52\0f\36\7b\6c\95\06\70\9a\e5\ef\c2\74\9c\66\f4\45\92\47\f0\6d\56\be\61\b0\cd\d4\8b\3f\95\46\22\88")
  (global $g0 (mut f32) (f32.const 0x1.2e5c240000000p+87))
  (global $g1 (mut f64) (f64.const -0x1.f8430674a5dc0p+16))
  (global $g2 (mut f64) (f64.const -0x1.bb0c13ebee720p+446))
  (global $g3 (mut f32) (f32.const nan:0x1))
  (global $g4 (mut i64) (i64.const -32768))
  (global $g5 i64 (i64.const 35))
  (table 4 funcref)
  (elem (i32.const 0) $f1 $h0 $h1)
  (func $f0 (export "f0") (type $sig0) (param $l0 f32) (param $l1 f32) (param $l2 i64) (param $l3 f32) (param $l4 i32) (result i64)
    (local $l5 f64)
    (local $l6 f32)
    (local $l7 i32)
    (local $l8 f32)
        i32.const 140
        local.get $l7
        i32.const 128
        i32.shr_u
        i32.store
        block (result f32)
          local.get $l4
          local.set $l7
          i32.const -2137944220
          if
            local.get $l1
            br 1
          end
          local.get $l1
        end
        global.set $g3
        i64.const -1014607589313630442
        local.tee $l2)
  (func $f1 (export "f1") (type $sig1) (param $l0 i32) (param $l1 i32) (param $l2 f64) (param $l3 f64) (result i64 f64)
    (local $l4 i64)
    (local $s_f32 f32)
    (local $s_f64 f64)
    (local $s_i64 i64)
    (local $c0 i32)
    (local $c1 i32)
    (local $c2 i32)
        block
          i32.const 65536
          memory.grow
          drop
          block (result i32)
            block (result i32)
              block (result i32)
                block (result i32)
                  block (result i32)
                    block (result i32)
                      block (result i32)
                        f32.const 0x1.3c00000000000p+3
                        i32.reinterpret_f32
                        local.get $l0
                        i32.const 3
                        local.set $c0
                        loop (param i32) (result i32)
                          f64.convert_i32_u
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
                          i32.trunc_f64_s
                          local.get $l4
                          local.set $l4
                          local.get $c0
                          i32.const 1
                          i32.sub
                          local.tee $c0
                          br_if 0
                        end
                        br_table 0 1
                      end
                      f32.convert_i32_s
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
                      br 2
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
                    br 1
                  end
                  local.get $l1
                  i32.shr_s
                end
                global.get $g3
                global.get $g3
                f32.max
                local.get $l2
                f64.ceil
                call $h1
                drop
                local.set $s_f64
                drop
                local.get $s_f64
                i32.trunc_sat_f64_s
                br_table 1
              end
              f64.convert_i32_u
              i32.trunc_sat_f64_s
              br 1
            end
            f32.const -0x1.9000000000000p+2
            local.tee $s_f32
            f32.const nan
            local.get $s_f32
            local.get $s_f32
            f32.eq
            select
            i32.reinterpret_f32
            i32.rotl
          end
          br_if 0
          i32.const 127
          i32.const -28693866
          i32.add
          if (result f32)
            local.get $l1
            i32.const 32767
            i32.and
            global.get $g4
            i64.store16 offset=23656
            global.get $g0
          else
            block (result f32)
              f32.const 0x1.c000000000000p+1
              i32.const 31
              br_if 0
              f32.const -0x1.8000000000000p-2
              f32.add
            end
          end
          block (result f64)
            f64.const -0x1.2c45674d5ef2cp+413
            i32.const 0
            i32.eqz
            br_if 0
            f64.nearest
          end
          i32.const 2
          call_indirect (type $sig5)
          local.set $s_f32
          drop
          drop
          local.get $s_f32
          local.tee $s_f32
          f32.const nan
          local.get $s_f32
          local.get $s_f32
          f32.eq
          select
          i32.reinterpret_f32
          drop
        end
        local.get $l0
        if
          local.get $l4
          i32.wrap_i64
          if (result i64)
            local.get $l3
            local.get $l1
            call $f3
            drop
            local.get $l2
            call $h0
            local.set $s_i64
            local.get $s_i64
          else
            local.get $l1
            local.set $l0
            local.get $l2
            i64.trunc_sat_f64_s
          end
          local.get $l2
          i32.trunc_sat_f64_u
          f64.convert_i32_s
          f32.const 0x1.c7d6d40000000p+19
          f32.const -0x1.c800000000000p+5
          local.get $l0
          select
          i32.reinterpret_f32
          br_if 1
          drop
          drop
        end
        i32.const 97
        f64.load offset=8
        call $h0
        local.set $s_i64
        local.get $s_i64
        block (result f64)
          block (result f64)
            block (result f64)
              f64.const 0x1.999999999999ap-4
              i32.const 100
              br_table 1 1 1 1 0
            end
            f64.const -0x1.d5217376c61a8p+16
            local.tee $s_f64
            f64.const nan
            local.get $s_f64
            local.get $s_f64
            f64.eq
            select
            f64.copysign
            br 1
          end
          f64.const 0x1.fffffffe00000p+31
          f64.sub
        end
        i32.const 18
        f64.convert_i32_u
        f64.le
        f64.convert_i32_s
        block (result f64)
          local.get $l2
          local.set $l2
          f64.const 0x1.36f10c1dbc217p+765
          local.get $l0
          br_if 0
          local.tee $s_f64
          f64.const nan
          local.get $s_f64
          local.get $s_f64
          f64.eq
          select
          i64.reinterpret_f64
          f64.convert_i64_u
        end
        i32.const 1203542291
        i32.const 32767
        i32.and
        f64.load offset=25837
        f64.mul
        local.get $l3
        local.get $l3
        f64.min
        f64.const -0x1.bbbf7a329d7ddp+19
        f64.const nan:0x4000000000000
        f64.min
        f64.div
        f64.le
        br_if 0
        drop
        drop
        i32.const 17522
        local.get $l2
        f64.const 0x1.0000000000000p+63
        f64.eq
        if (result i32)
          unreachable
        else
          local.get $l1
          i32.const 63
          i32.and
          i32.load8_u offset=14 align=1
        end
        if (result i64)
          f64.const -0x1.e4914e8a0a4ebp+18
          i64.trunc_sat_f64_u
        else
          block (result f32 i64 f32)
            f32.const -0x1.5400000000000p+4
            i64.const 2
            i64.const 64
            i64.shr_u
            f32.const -0x1.2a05f20000000p+33
          end
          drop
          local.set $s_i64
          drop
          local.get $s_i64
          i64.popcnt
        end
        i64.store16
        f64.const -0x1.0800000000000p+5
        i32.const 3
        local.set $c1
        loop (result f64)
          global.get $g5
          local.set $l4
          i32.const 6
          local.set $l0
          f64.const 0x1.0000000000000p+63
          local.get $c1
          i32.const 1
          i32.sub
          local.tee $c1
          br_if 0
        end
        f64.sub
        local.tee $l3
        local.tee $s_f64
        f64.const 0
        local.get $s_f64
        local.get $s_f64
        f64.eq
        select
        f64.const 0x1.fffffffffffffp+63
        f64.min
        f64.const -0x1.fae147ae147aep-1
        f64.max
        i64.trunc_f64_u
        local.tee $l4
        f32.const 0x1.fffffe0000000p-2
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
        i32.popcnt
        i32.const -31
        i32.shr_u
        i32.popcnt
        if (result f64)
          local.get $l3
        else
          local.get $l0
          i32.const 63
          i32.and
          f64.load
          i64.const 19593
          i64.ctz
          f64.convert_i64_s
          local.get $l1
          i32.const 3
          local.set $c2
          loop (param i32) (result i32)
            i32.extend8_s
            local.get $l4
            local.set $l4
            local.get $c2
            i32.const 1
            i32.sub
            local.tee $c2
            br_if 0
          end
          i32.const 33
          local.get $l0
          i32.shl
          i32.or
          select
          f64.ceil
        end)
  (func $f2 (export "f2") (type $sig2) (param $l0 i64) (param $l1 f32) (param $l2 f32)
    (local $l3 i64)
    (local $s_f32 f32)
    (local $s_i64 i64)
    (local $c0 i32)
    (local $c1 i32)
    (local $c2 i32)
    (local $c3 i32)
        i32.const 94
        block (result i32)
          block (result i32)
            block (result i32)
              i32.const 1599093406
              i32.const 0
              br_table 0 0 2
            end
            i32.const -607383718
            i32.mul
            br 1
          end
          i32.ctz
        end
        i32.const 1
        local.set $c0
        loop (param i32) (result i32)
          i32.const 122950293
          if (result i32)
            i32.const 128
          else
            i32.const 127
          end
          i32.or
          local.get $l3
          local.set $l0
          local.get $c0
          i32.const 1
          i32.sub
          local.tee $c0
          br_if 0
        end
        block (result i32)
          block (result i32)
            i32.const -12
            i32.const 1378000490
            i32.le_s
            i32.const 3
            br_table 1
          end
          f32.convert_i32_u
          local.tee $s_f32
          f32.const 0
          local.get $s_f32
          local.get $s_f32
          f32.eq
          select
          f32.const 0x1.8000000000000p+0
          f32.min
          f32.const -0x1.fae1480000000p-1
          f32.max
          i32.trunc_f32_u
        end
        i32.const 1
        i32.or
        i32.div_u
        i64.extend_i32_u
        i64.store8 offset=8
        i32.const 1
        local.set $c1
        loop
          block (result i64)
            f32.const 0x1.2000000000000p+3
            local.get $l1
            f32.sub
            local.set $l1
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
            i64.eqz
            if
              i32.const 29
              i64.extend_i32_s
              global.get $g3
              local.set $l2
              global.get $g4
              i64.sub
              br 1
            end
            i32.const 2060047516
            i32.const 33
            i32.const 1
            i32.or
            i32.rem_u
            i64.extend_i32_s
          end
          global.set $g4
          local.get $c1
          i32.const 1
          i32.sub
          local.tee $c1
          br_if 0
        end
        i32.const 1
        memory.grow
        drop
        i32.const 3
        local.set $c2
        loop (result f32)
          i32.const 5
          local.set $c3
          loop
            local.get $c3
            i32.const 1
            i32.sub
            local.tee $c3
            br_if 0
          end
          global.get $g0
          f32.const 0x1.2000000000000p+3
          f32.min
          local.get $c2
          i32.const 1
          i32.sub
          local.tee $c2
          br_if 0
        end
        local.set $l2
        f64.const -0x1.1f3f4641679f4p+19
        f64.const 0x1.52bfddf7bf318p+19
        i32.const -1393991632
        i32.const 2
        i32.const 1
        i32.or
        i32.rem_s
        select
        f64.const -0x1.6e808a59bd0ecp+278
        i32.const 48648
        f64.load align=4
        i32.const 113
        i32.load16_u offset=8
        select
        f64.copysign
        global.set $g1
        i32.const 55622
        i32.load16_u
        f32.reinterpret_i32
        i32.const 106
        f32.load
        i32.const 1290134755
        select
        i32.reinterpret_f32
        if
          f64.const 0x1.7800000000000p+5
          f64.sqrt
          i32.const 1
          call_indirect (type $sig4)
          local.set $s_i64
          local.get $s_i64
          f64.reinterpret_i64
          f32.demote_f64
          global.set $g0
          local.get $l2
          local.tee $l1
          f64.const 0x0.0p+0
          call $h1
          local.set $s_f32
          drop
          drop
          local.get $s_f32
          i64.trunc_sat_f32_s
          block (result i64)
            block (result i64)
              local.get $l0
              i32.const -10
              i32.const 3
              i32.and
              br_table 1 0 1
            end
            local.get $l3
            i64.sub
          end
          i64.extend32_s
          global.get $g3
          global.set $g3
          i32.const 112
          i32.const 32768
          i32.store8 offset=4 align=1
          global.get $g2
          call $h0
          local.set $s_i64
          local.get $s_i64
          i64.eqz
          select
          local.set $l3
        end)
  (func $f3 (export "f3") (type $sig3) (param $l0 f64) (param $l1 i32) (result i64)
    (local $l2 f32)
    (local $l3 i64)
        local.get $l1
        local.set $l1
        local.get $l1
        local.set $l1
        local.get $l1
        i64.extend_i32_u)
  (func $h0 (type $sig4) (param $l0 f64) (result i64)
    (local $l1 f64)
    (local $s_f32 f32)
    (local $c0 i32)
        f32.const inf
        f32.neg
        local.get $l1
        i32.const 1
        local.set $c0
        loop (param f64) (result f64)
          f64.trunc
          local.get $c0
          i32.const 1
          i32.sub
          local.tee $c0
          br_if 0
        end
        call $h1
        local.set $s_f32
        drop
        drop
        local.get $s_f32
        local.tee $s_f32
        f32.const 0
        local.get $s_f32
        local.get $s_f32
        f32.eq
        select
        f32.const 0x1.fffffe0000000p+62
        f32.min
        f32.const -0x1.0000000000000p+63
        f32.max
        i64.trunc_f32_s
        i64.eqz
        drop
        i64.const 3)
  (func $h1 (type $sig5) (param $l0 f32) (param $l1 f64) (result f64 f64 f32)
    (local $l2 f32)
    (local $c0 i32)
        f64.const 0x1.1c00000000000p+5
        i32.trunc_sat_f64_s
        i32.const 34
        i32.const 138
        i32.mul
        i32.const 36
        i32.clz
        select
        i32.const 1
        i32.and
        memory.grow
        drop
        i64.const 36
        f64.reinterpret_i64
        f64.const 0x1.6bd2949bf6467p+974
        f64.add
        i32.const 4
        local.set $c0
        loop (param f64) (result f64)
          block (result f64)
            i32.const -509391506
            if
              f64.const -0x1.2aaaaaaaaaaabp+2
              br 1
            end
            f64.const -0x1.0e7fce4567168p-356
          end
          i32.const 19
          if (result f64)
            local.get $l1
          else
            local.get $l1
          end
          f64.add
          local.get $l0
          local.set $l0
          local.get $l1
          local.set $l1
          f64.const 0x1.87c98a85a015dp+806
          f64.add
          f64.min
          local.get $c0
          i32.const 1
          i32.sub
          local.tee $c0
          br_if 0
        end
        i32.const 128
        f64.convert_i32_s
        local.get $l2)
)
(assert_return (invoke "f1" (i32.const 1) (i32.const 2147483647) (f64.const 853.568173306583) (f64.const 0.5)) (i64.const 853) (f64.const 853.0))
(assert_return (invoke "f1" (i32.const 1071140857) (i32.const 248407999) (f64.const -6015.153139187067) (f64.const 0.5)) (i64.const -6015) (f64.const 0.0))
