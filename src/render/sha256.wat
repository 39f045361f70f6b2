;; SHA-256 (FIPS 180-4, https://csrc.nist.gov/pubs/fips/180-4/upd1/final) of the bytes the
;; caller writes at offset 1024; src/render/sha256.ts calls it, scripts/build-wasm.mjs compiles it.
;; Rotations are written as two shifts: V8's baseline WebAssembly compiler (Liftoff), which runs
;; a module this short-lived, calls out of the generated code for i32.rotr, which made hashing
;; six times slower (docs/architecture.md, "Start-up").
(module
  (memory (export "memory") 1)
  ;; 0..255: the round constants K, little-endian; 256..287: the state, then the digest;
  ;; 288..543: the message schedule W; 1024..: the message, then its padding.
  (data (i32.const 0) "\98\2f\8a\42\91\44\37\71\cf\fb\c0\b5\a5\db\b5\e9\5b\c2\56\39\f1\11\f1\59\a4\82\3f\92\d5\5e\1c\ab\98\aa\07\d8\01\5b\83\12\be\85\31\24\c3\7d\0c\55\74\5d\be\72\fe\b1\de\80\a7\06\dc\9b\74\f1\9b\c1\c1\69\9b\e4\86\47\be\ef\c6\9d\c1\0f\cc\a1\0c\24\6f\2c\e9\2d\aa\84\74\4a\dc\a9\b0\5c\da\88\f9\76\52\51\3e\98\6d\c6\31\a8\c8\27\03\b0\c7\7f\59\bf\f3\0b\e0\c6\47\91\a7\d5\51\63\ca\06\67\29\29\14\85\0a\b7\27\38\21\1b\2e\fc\6d\2c\4d\13\0d\38\53\54\73\0a\65\bb\0a\6a\76\2e\c9\c2\81\85\2c\72\92\a1\e8\bf\a2\4b\66\1a\a8\70\8b\4b\c2\a3\51\6c\c7\19\e8\92\d1\24\06\99\d6\85\35\0e\f4\70\a0\6a\10\16\c1\a4\19\08\6c\37\1e\4c\77\48\27\b5\bc\b0\34\b3\0c\1c\39\4a\aa\d8\4e\4f\ca\9c\5b\f3\6f\2e\68\ee\82\8f\74\6f\63\a5\78\14\78\c8\84\08\02\c7\8c\fa\ff\be\90\eb\6c\50\a4\f7\a3\f9\be\f2\78\71\c6")

  ;; Big-endian to little-endian, and back.
  (func $swap (param $x i32) (result i32)
    (i32.or
      (i32.or (i32.shl (local.get $x) (i32.const 24))
              (i32.and (i32.shl (local.get $x) (i32.const 8)) (i32.const 0x00ff0000)))
      (i32.or (i32.and (i32.shr_u (local.get $x) (i32.const 8)) (i32.const 0x0000ff00))
              (i32.shr_u (local.get $x) (i32.const 24)))))

  ;; Hashes the $length bytes at 1024 and leaves the digest at 256. The caller leaves room for
  ;; the padding: 72 bytes past the message.
  (func (export "digest") (param $length i32)
    (local $end i32) (local $block i32) (local $t i32) (local $w i32) (local $x i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32)
    (local $e i32) (local $f i32) (local $g i32) (local $h i32) (local $t1 i32) (local $t2 i32)
    ;; The padding: 0x80, zeros, then the length in bits, a 64-bit big-endian number.
    (local.set $end (i32.add (i32.const 1024)
      (i32.and (i32.add (local.get $length) (i32.const 72)) (i32.const -64))))
    (i32.store8 offset=1024 (local.get $length) (i32.const 0x80))
    (memory.fill (i32.add (i32.const 1025) (local.get $length)) (i32.const 0)
      (i32.sub (local.get $end) (i32.add (i32.const 1025) (local.get $length))))
    (i32.store8 (i32.sub (local.get $end) (i32.const 5)) (i32.shr_u (local.get $length) (i32.const 29)))
    (i32.store (i32.sub (local.get $end) (i32.const 4)) (call $swap (i32.shl (local.get $length) (i32.const 3))))
    (i32.store offset=256 (i32.const 0) (i32.const 0x6a09e667))
    (i32.store offset=260 (i32.const 0) (i32.const 0xbb67ae85))
    (i32.store offset=264 (i32.const 0) (i32.const 0x3c6ef372))
    (i32.store offset=268 (i32.const 0) (i32.const 0xa54ff53a))
    (i32.store offset=272 (i32.const 0) (i32.const 0x510e527f))
    (i32.store offset=276 (i32.const 0) (i32.const 0x9b05688c))
    (i32.store offset=280 (i32.const 0) (i32.const 0x1f83d9ab))
    (i32.store offset=284 (i32.const 0) (i32.const 0x5be0cd19))
    (local.set $block (i32.const 1024))
    (loop $blocks
      ;; The message schedule: the block's 16 words, then 48 more from them.
      (local.set $t (i32.const 0))
      (loop $words
        (i32.store offset=288 (local.get $t) (call $swap (i32.load (i32.add (local.get $block) (local.get $t)))))
        (local.set $t (i32.add (local.get $t) (i32.const 4)))
        (br_if $words (i32.lt_u (local.get $t) (i32.const 64))))
      (loop $schedule
        (local.set $w (i32.load offset=228 (local.get $t)))   ;; W[t-15]
        (local.set $x (i32.load offset=280 (local.get $t)))   ;; W[t-2]
        (i32.store offset=288 (local.get $t)
          (i32.add
            (i32.add (i32.load offset=224 (local.get $t))     ;; W[t-16]
                     (i32.load offset=260 (local.get $t)))    ;; W[t-7]
            (i32.add
              (i32.xor (i32.xor (i32.or (i32.shr_u (local.get $w) (i32.const 7)) (i32.shl (local.get $w) (i32.const 25))) (i32.or (i32.shr_u (local.get $w) (i32.const 18)) (i32.shl (local.get $w) (i32.const 14))))
                       (i32.shr_u (local.get $w) (i32.const 3)))
              (i32.xor (i32.xor (i32.or (i32.shr_u (local.get $x) (i32.const 17)) (i32.shl (local.get $x) (i32.const 15))) (i32.or (i32.shr_u (local.get $x) (i32.const 19)) (i32.shl (local.get $x) (i32.const 13))))
                       (i32.shr_u (local.get $x) (i32.const 10))))))
        (local.set $t (i32.add (local.get $t) (i32.const 4)))
        (br_if $schedule (i32.lt_u (local.get $t) (i32.const 256))))
      ;; The 64 rounds.
      (local.set $a (i32.load offset=256 (i32.const 0)))
      (local.set $b (i32.load offset=260 (i32.const 0)))
      (local.set $c (i32.load offset=264 (i32.const 0)))
      (local.set $d (i32.load offset=268 (i32.const 0)))
      (local.set $e (i32.load offset=272 (i32.const 0)))
      (local.set $f (i32.load offset=276 (i32.const 0)))
      (local.set $g (i32.load offset=280 (i32.const 0)))
      (local.set $h (i32.load offset=284 (i32.const 0)))
      (local.set $t (i32.const 0))
      (loop $rounds
        ;; T1 = h + Σ1(e) + Ch(e, f, g) + K[t] + W[t]
        (local.set $t1 (i32.add
          (i32.add (local.get $h)
            (i32.xor (i32.xor (i32.or (i32.shr_u (local.get $e) (i32.const 6)) (i32.shl (local.get $e) (i32.const 26))) (i32.or (i32.shr_u (local.get $e) (i32.const 11)) (i32.shl (local.get $e) (i32.const 21)))) (i32.or (i32.shr_u (local.get $e) (i32.const 25)) (i32.shl (local.get $e) (i32.const 7)))))
          (i32.add
            (i32.xor (local.get $g) (i32.and (local.get $e) (i32.xor (local.get $f) (local.get $g))))
            (i32.add (i32.load (local.get $t)) (i32.load offset=288 (local.get $t))))))
        ;; T2 = Σ0(a) + Maj(a, b, c)
        (local.set $t2 (i32.add
          (i32.xor (i32.xor (i32.or (i32.shr_u (local.get $a) (i32.const 2)) (i32.shl (local.get $a) (i32.const 30))) (i32.or (i32.shr_u (local.get $a) (i32.const 13)) (i32.shl (local.get $a) (i32.const 19)))) (i32.or (i32.shr_u (local.get $a) (i32.const 22)) (i32.shl (local.get $a) (i32.const 10))))
          (i32.or (i32.and (local.get $a) (local.get $b))
                  (i32.and (local.get $c) (i32.or (local.get $a) (local.get $b))))))
        (local.set $h (local.get $g))
        (local.set $g (local.get $f))
        (local.set $f (local.get $e))
        (local.set $e (i32.add (local.get $d) (local.get $t1)))
        (local.set $d (local.get $c))
        (local.set $c (local.get $b))
        (local.set $b (local.get $a))
        (local.set $a (i32.add (local.get $t1) (local.get $t2)))
        (local.set $t (i32.add (local.get $t) (i32.const 4)))
        (br_if $rounds (i32.lt_u (local.get $t) (i32.const 256))))
      (i32.store offset=256 (i32.const 0) (i32.add (i32.load offset=256 (i32.const 0)) (local.get $a)))
      (i32.store offset=260 (i32.const 0) (i32.add (i32.load offset=260 (i32.const 0)) (local.get $b)))
      (i32.store offset=264 (i32.const 0) (i32.add (i32.load offset=264 (i32.const 0)) (local.get $c)))
      (i32.store offset=268 (i32.const 0) (i32.add (i32.load offset=268 (i32.const 0)) (local.get $d)))
      (i32.store offset=272 (i32.const 0) (i32.add (i32.load offset=272 (i32.const 0)) (local.get $e)))
      (i32.store offset=276 (i32.const 0) (i32.add (i32.load offset=276 (i32.const 0)) (local.get $f)))
      (i32.store offset=280 (i32.const 0) (i32.add (i32.load offset=280 (i32.const 0)) (local.get $g)))
      (i32.store offset=284 (i32.const 0) (i32.add (i32.load offset=284 (i32.const 0)) (local.get $h)))
      (local.set $block (i32.add (local.get $block) (i32.const 64)))
      (br_if $blocks (i32.lt_u (local.get $block) (local.get $end))))
    ;; The digest is the state, big-endian.
    (local.set $t (i32.const 256))
    (loop $out
      (i32.store (local.get $t) (call $swap (i32.load (local.get $t))))
      (local.set $t (i32.add (local.get $t) (i32.const 4)))
      (br_if $out (i32.lt_u (local.get $t) (i32.const 288)))))
)
