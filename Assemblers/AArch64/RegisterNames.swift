// Generated register name tables (static members usable as `.x0`, `.sp`, `.v3`, ... even in generic
// contexts, SE-0299). Role-correct by construction: `.xzr` exists only on zero-register types, `.sp` only on
// stack-pointer types.

extension ZRRegister where Self == X {
    public static var x0: X { X(encoding: 0) }
    public static var x1: X { X(encoding: 1) }
    public static var x2: X { X(encoding: 2) }
    public static var x3: X { X(encoding: 3) }
    public static var x4: X { X(encoding: 4) }
    public static var x5: X { X(encoding: 5) }
    public static var x6: X { X(encoding: 6) }
    public static var x7: X { X(encoding: 7) }
    public static var x8: X { X(encoding: 8) }
    public static var x9: X { X(encoding: 9) }
    public static var x10: X { X(encoding: 10) }
    public static var x11: X { X(encoding: 11) }
    public static var x12: X { X(encoding: 12) }
    public static var x13: X { X(encoding: 13) }
    public static var x14: X { X(encoding: 14) }
    public static var x15: X { X(encoding: 15) }
    public static var x16: X { X(encoding: 16) }
    public static var x17: X { X(encoding: 17) }
    public static var x18: X { X(encoding: 18) }
    public static var x19: X { X(encoding: 19) }
    public static var x20: X { X(encoding: 20) }
    public static var x21: X { X(encoding: 21) }
    public static var x22: X { X(encoding: 22) }
    public static var x23: X { X(encoding: 23) }
    public static var x24: X { X(encoding: 24) }
    public static var x25: X { X(encoding: 25) }
    public static var x26: X { X(encoding: 26) }
    public static var x27: X { X(encoding: 27) }
    public static var x28: X { X(encoding: 28) }
    public static var x29: X { X(encoding: 29) }
    public static var x30: X { X(encoding: 30) }
    /// The 64-bit zero register (encoding 31 where 31 means ZR).
    public static var xzr: X { X(encoding: 31) }
}

extension ZRRegister where Self == W {
    public static var w0: W { W(encoding: 0) }
    public static var w1: W { W(encoding: 1) }
    public static var w2: W { W(encoding: 2) }
    public static var w3: W { W(encoding: 3) }
    public static var w4: W { W(encoding: 4) }
    public static var w5: W { W(encoding: 5) }
    public static var w6: W { W(encoding: 6) }
    public static var w7: W { W(encoding: 7) }
    public static var w8: W { W(encoding: 8) }
    public static var w9: W { W(encoding: 9) }
    public static var w10: W { W(encoding: 10) }
    public static var w11: W { W(encoding: 11) }
    public static var w12: W { W(encoding: 12) }
    public static var w13: W { W(encoding: 13) }
    public static var w14: W { W(encoding: 14) }
    public static var w15: W { W(encoding: 15) }
    public static var w16: W { W(encoding: 16) }
    public static var w17: W { W(encoding: 17) }
    public static var w18: W { W(encoding: 18) }
    public static var w19: W { W(encoding: 19) }
    public static var w20: W { W(encoding: 20) }
    public static var w21: W { W(encoding: 21) }
    public static var w22: W { W(encoding: 22) }
    public static var w23: W { W(encoding: 23) }
    public static var w24: W { W(encoding: 24) }
    public static var w25: W { W(encoding: 25) }
    public static var w26: W { W(encoding: 26) }
    public static var w27: W { W(encoding: 27) }
    public static var w28: W { W(encoding: 28) }
    public static var w29: W { W(encoding: 29) }
    public static var w30: W { W(encoding: 30) }
    /// The 32-bit zero register (encoding 31 where 31 means ZR).
    public static var wzr: W { W(encoding: 31) }
}

extension SPRegister where Self == XSP {
    public static var x0: XSP { XSP(encoding: 0) }
    public static var x1: XSP { XSP(encoding: 1) }
    public static var x2: XSP { XSP(encoding: 2) }
    public static var x3: XSP { XSP(encoding: 3) }
    public static var x4: XSP { XSP(encoding: 4) }
    public static var x5: XSP { XSP(encoding: 5) }
    public static var x6: XSP { XSP(encoding: 6) }
    public static var x7: XSP { XSP(encoding: 7) }
    public static var x8: XSP { XSP(encoding: 8) }
    public static var x9: XSP { XSP(encoding: 9) }
    public static var x10: XSP { XSP(encoding: 10) }
    public static var x11: XSP { XSP(encoding: 11) }
    public static var x12: XSP { XSP(encoding: 12) }
    public static var x13: XSP { XSP(encoding: 13) }
    public static var x14: XSP { XSP(encoding: 14) }
    public static var x15: XSP { XSP(encoding: 15) }
    public static var x16: XSP { XSP(encoding: 16) }
    public static var x17: XSP { XSP(encoding: 17) }
    public static var x18: XSP { XSP(encoding: 18) }
    public static var x19: XSP { XSP(encoding: 19) }
    public static var x20: XSP { XSP(encoding: 20) }
    public static var x21: XSP { XSP(encoding: 21) }
    public static var x22: XSP { XSP(encoding: 22) }
    public static var x23: XSP { XSP(encoding: 23) }
    public static var x24: XSP { XSP(encoding: 24) }
    public static var x25: XSP { XSP(encoding: 25) }
    public static var x26: XSP { XSP(encoding: 26) }
    public static var x27: XSP { XSP(encoding: 27) }
    public static var x28: XSP { XSP(encoding: 28) }
    public static var x29: XSP { XSP(encoding: 29) }
    public static var x30: XSP { XSP(encoding: 30) }
    /// The stack pointer (encoding 31 where 31 means SP).
    public static var sp: XSP { XSP(encoding: 31) }
}

extension SPRegister where Self == WSP {
    public static var w0: WSP { WSP(encoding: 0) }
    public static var w1: WSP { WSP(encoding: 1) }
    public static var w2: WSP { WSP(encoding: 2) }
    public static var w3: WSP { WSP(encoding: 3) }
    public static var w4: WSP { WSP(encoding: 4) }
    public static var w5: WSP { WSP(encoding: 5) }
    public static var w6: WSP { WSP(encoding: 6) }
    public static var w7: WSP { WSP(encoding: 7) }
    public static var w8: WSP { WSP(encoding: 8) }
    public static var w9: WSP { WSP(encoding: 9) }
    public static var w10: WSP { WSP(encoding: 10) }
    public static var w11: WSP { WSP(encoding: 11) }
    public static var w12: WSP { WSP(encoding: 12) }
    public static var w13: WSP { WSP(encoding: 13) }
    public static var w14: WSP { WSP(encoding: 14) }
    public static var w15: WSP { WSP(encoding: 15) }
    public static var w16: WSP { WSP(encoding: 16) }
    public static var w17: WSP { WSP(encoding: 17) }
    public static var w18: WSP { WSP(encoding: 18) }
    public static var w19: WSP { WSP(encoding: 19) }
    public static var w20: WSP { WSP(encoding: 20) }
    public static var w21: WSP { WSP(encoding: 21) }
    public static var w22: WSP { WSP(encoding: 22) }
    public static var w23: WSP { WSP(encoding: 23) }
    public static var w24: WSP { WSP(encoding: 24) }
    public static var w25: WSP { WSP(encoding: 25) }
    public static var w26: WSP { WSP(encoding: 26) }
    public static var w27: WSP { WSP(encoding: 27) }
    public static var w28: WSP { WSP(encoding: 28) }
    public static var w29: WSP { WSP(encoding: 29) }
    public static var w30: WSP { WSP(encoding: 30) }
    /// The 32-bit view of the stack pointer.
    public static var wsp: WSP { WSP(encoding: 31) }
}

extension FPRegister where Self == B {
    public static var b0: B { B(encoding: 0) }
    public static var b1: B { B(encoding: 1) }
    public static var b2: B { B(encoding: 2) }
    public static var b3: B { B(encoding: 3) }
    public static var b4: B { B(encoding: 4) }
    public static var b5: B { B(encoding: 5) }
    public static var b6: B { B(encoding: 6) }
    public static var b7: B { B(encoding: 7) }
    public static var b8: B { B(encoding: 8) }
    public static var b9: B { B(encoding: 9) }
    public static var b10: B { B(encoding: 10) }
    public static var b11: B { B(encoding: 11) }
    public static var b12: B { B(encoding: 12) }
    public static var b13: B { B(encoding: 13) }
    public static var b14: B { B(encoding: 14) }
    public static var b15: B { B(encoding: 15) }
    public static var b16: B { B(encoding: 16) }
    public static var b17: B { B(encoding: 17) }
    public static var b18: B { B(encoding: 18) }
    public static var b19: B { B(encoding: 19) }
    public static var b20: B { B(encoding: 20) }
    public static var b21: B { B(encoding: 21) }
    public static var b22: B { B(encoding: 22) }
    public static var b23: B { B(encoding: 23) }
    public static var b24: B { B(encoding: 24) }
    public static var b25: B { B(encoding: 25) }
    public static var b26: B { B(encoding: 26) }
    public static var b27: B { B(encoding: 27) }
    public static var b28: B { B(encoding: 28) }
    public static var b29: B { B(encoding: 29) }
    public static var b30: B { B(encoding: 30) }
    public static var b31: B { B(encoding: 31) }
}

extension FPRegister where Self == H {
    public static var h0: H { H(encoding: 0) }
    public static var h1: H { H(encoding: 1) }
    public static var h2: H { H(encoding: 2) }
    public static var h3: H { H(encoding: 3) }
    public static var h4: H { H(encoding: 4) }
    public static var h5: H { H(encoding: 5) }
    public static var h6: H { H(encoding: 6) }
    public static var h7: H { H(encoding: 7) }
    public static var h8: H { H(encoding: 8) }
    public static var h9: H { H(encoding: 9) }
    public static var h10: H { H(encoding: 10) }
    public static var h11: H { H(encoding: 11) }
    public static var h12: H { H(encoding: 12) }
    public static var h13: H { H(encoding: 13) }
    public static var h14: H { H(encoding: 14) }
    public static var h15: H { H(encoding: 15) }
    public static var h16: H { H(encoding: 16) }
    public static var h17: H { H(encoding: 17) }
    public static var h18: H { H(encoding: 18) }
    public static var h19: H { H(encoding: 19) }
    public static var h20: H { H(encoding: 20) }
    public static var h21: H { H(encoding: 21) }
    public static var h22: H { H(encoding: 22) }
    public static var h23: H { H(encoding: 23) }
    public static var h24: H { H(encoding: 24) }
    public static var h25: H { H(encoding: 25) }
    public static var h26: H { H(encoding: 26) }
    public static var h27: H { H(encoding: 27) }
    public static var h28: H { H(encoding: 28) }
    public static var h29: H { H(encoding: 29) }
    public static var h30: H { H(encoding: 30) }
    public static var h31: H { H(encoding: 31) }
}

extension FPRegister where Self == S {
    public static var s0: S { S(encoding: 0) }
    public static var s1: S { S(encoding: 1) }
    public static var s2: S { S(encoding: 2) }
    public static var s3: S { S(encoding: 3) }
    public static var s4: S { S(encoding: 4) }
    public static var s5: S { S(encoding: 5) }
    public static var s6: S { S(encoding: 6) }
    public static var s7: S { S(encoding: 7) }
    public static var s8: S { S(encoding: 8) }
    public static var s9: S { S(encoding: 9) }
    public static var s10: S { S(encoding: 10) }
    public static var s11: S { S(encoding: 11) }
    public static var s12: S { S(encoding: 12) }
    public static var s13: S { S(encoding: 13) }
    public static var s14: S { S(encoding: 14) }
    public static var s15: S { S(encoding: 15) }
    public static var s16: S { S(encoding: 16) }
    public static var s17: S { S(encoding: 17) }
    public static var s18: S { S(encoding: 18) }
    public static var s19: S { S(encoding: 19) }
    public static var s20: S { S(encoding: 20) }
    public static var s21: S { S(encoding: 21) }
    public static var s22: S { S(encoding: 22) }
    public static var s23: S { S(encoding: 23) }
    public static var s24: S { S(encoding: 24) }
    public static var s25: S { S(encoding: 25) }
    public static var s26: S { S(encoding: 26) }
    public static var s27: S { S(encoding: 27) }
    public static var s28: S { S(encoding: 28) }
    public static var s29: S { S(encoding: 29) }
    public static var s30: S { S(encoding: 30) }
    public static var s31: S { S(encoding: 31) }
}

extension FPRegister where Self == D {
    public static var d0: D { D(encoding: 0) }
    public static var d1: D { D(encoding: 1) }
    public static var d2: D { D(encoding: 2) }
    public static var d3: D { D(encoding: 3) }
    public static var d4: D { D(encoding: 4) }
    public static var d5: D { D(encoding: 5) }
    public static var d6: D { D(encoding: 6) }
    public static var d7: D { D(encoding: 7) }
    public static var d8: D { D(encoding: 8) }
    public static var d9: D { D(encoding: 9) }
    public static var d10: D { D(encoding: 10) }
    public static var d11: D { D(encoding: 11) }
    public static var d12: D { D(encoding: 12) }
    public static var d13: D { D(encoding: 13) }
    public static var d14: D { D(encoding: 14) }
    public static var d15: D { D(encoding: 15) }
    public static var d16: D { D(encoding: 16) }
    public static var d17: D { D(encoding: 17) }
    public static var d18: D { D(encoding: 18) }
    public static var d19: D { D(encoding: 19) }
    public static var d20: D { D(encoding: 20) }
    public static var d21: D { D(encoding: 21) }
    public static var d22: D { D(encoding: 22) }
    public static var d23: D { D(encoding: 23) }
    public static var d24: D { D(encoding: 24) }
    public static var d25: D { D(encoding: 25) }
    public static var d26: D { D(encoding: 26) }
    public static var d27: D { D(encoding: 27) }
    public static var d28: D { D(encoding: 28) }
    public static var d29: D { D(encoding: 29) }
    public static var d30: D { D(encoding: 30) }
    public static var d31: D { D(encoding: 31) }
}

extension FPRegister where Self == Q {
    public static var q0: Q { Q(encoding: 0) }
    public static var q1: Q { Q(encoding: 1) }
    public static var q2: Q { Q(encoding: 2) }
    public static var q3: Q { Q(encoding: 3) }
    public static var q4: Q { Q(encoding: 4) }
    public static var q5: Q { Q(encoding: 5) }
    public static var q6: Q { Q(encoding: 6) }
    public static var q7: Q { Q(encoding: 7) }
    public static var q8: Q { Q(encoding: 8) }
    public static var q9: Q { Q(encoding: 9) }
    public static var q10: Q { Q(encoding: 10) }
    public static var q11: Q { Q(encoding: 11) }
    public static var q12: Q { Q(encoding: 12) }
    public static var q13: Q { Q(encoding: 13) }
    public static var q14: Q { Q(encoding: 14) }
    public static var q15: Q { Q(encoding: 15) }
    public static var q16: Q { Q(encoding: 16) }
    public static var q17: Q { Q(encoding: 17) }
    public static var q18: Q { Q(encoding: 18) }
    public static var q19: Q { Q(encoding: 19) }
    public static var q20: Q { Q(encoding: 20) }
    public static var q21: Q { Q(encoding: 21) }
    public static var q22: Q { Q(encoding: 22) }
    public static var q23: Q { Q(encoding: 23) }
    public static var q24: Q { Q(encoding: 24) }
    public static var q25: Q { Q(encoding: 25) }
    public static var q26: Q { Q(encoding: 26) }
    public static var q27: Q { Q(encoding: 27) }
    public static var q28: Q { Q(encoding: 28) }
    public static var q29: Q { Q(encoding: 29) }
    public static var q30: Q { Q(encoding: 30) }
    public static var q31: Q { Q(encoding: 31) }
}

extension V {
    public static var v0: V { V(encoding: 0) }
    public static var v1: V { V(encoding: 1) }
    public static var v2: V { V(encoding: 2) }
    public static var v3: V { V(encoding: 3) }
    public static var v4: V { V(encoding: 4) }
    public static var v5: V { V(encoding: 5) }
    public static var v6: V { V(encoding: 6) }
    public static var v7: V { V(encoding: 7) }
    public static var v8: V { V(encoding: 8) }
    public static var v9: V { V(encoding: 9) }
    public static var v10: V { V(encoding: 10) }
    public static var v11: V { V(encoding: 11) }
    public static var v12: V { V(encoding: 12) }
    public static var v13: V { V(encoding: 13) }
    public static var v14: V { V(encoding: 14) }
    public static var v15: V { V(encoding: 15) }
    public static var v16: V { V(encoding: 16) }
    public static var v17: V { V(encoding: 17) }
    public static var v18: V { V(encoding: 18) }
    public static var v19: V { V(encoding: 19) }
    public static var v20: V { V(encoding: 20) }
    public static var v21: V { V(encoding: 21) }
    public static var v22: V { V(encoding: 22) }
    public static var v23: V { V(encoding: 23) }
    public static var v24: V { V(encoding: 24) }
    public static var v25: V { V(encoding: 25) }
    public static var v26: V { V(encoding: 26) }
    public static var v27: V { V(encoding: 27) }
    public static var v28: V { V(encoding: 28) }
    public static var v29: V { V(encoding: 29) }
    public static var v30: V { V(encoding: 30) }
    public static var v31: V { V(encoding: 31) }
}
