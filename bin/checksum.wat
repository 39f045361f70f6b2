;; XXH64 with seed 0 (https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md) of the
;; bytes the caller writes at offset 0: the code cache's check of the bundle it was made from and
;; of itself (code-cache.cjs; scripts/build-wasm.mjs compiles this file). Rotations are written
;; as two shifts: V8's baseline WebAssembly compiler (Liftoff) calls out of the generated code
;; for a rotation (docs/architecture.md, "Start-up").
(module
  (memory (export "memory") 1)
  (global $P1 i64 (i64.const 0x9E3779B185EBCA87))
  (global $P2 i64 (i64.const 0xC2B2AE3D27D4EB4F))
  (global $P3 i64 (i64.const 0x165667B19E3779F9))
  (global $P4 i64 (i64.const 0x85EBCA77C2B2AE63))
  (global $P5 i64 (i64.const 0x27D4EB2F165667C5))

  (func (export "xxh64") (param $length i32) (result i64)
    (local $p i32) (local $h i64) (local $k i64)
    (local $v1 i64) (local $v2 i64) (local $v3 i64) (local $v4 i64)
    (if (i32.ge_u (local.get $length) (i32.const 32))
      (then
        ;; Four lanes over each 32-byte stripe.
        (local.set $v1 (i64.add (global.get $P1) (global.get $P2)))
        (local.set $v2 (global.get $P2))
        ;; $v3 starts at the seed, 0.
        (local.set $v4 (i64.sub (i64.const 0) (global.get $P1)))
        (loop $stripes
          (local.set $v1 (i64.add (local.get $v1) (i64.mul (i64.load offset=0 (local.get $p)) (global.get $P2))))
          (local.set $v1 (i64.mul (i64.or (i64.shl (local.get $v1) (i64.const 31)) (i64.shr_u (local.get $v1) (i64.const 33))) (global.get $P1)))
          (local.set $v2 (i64.add (local.get $v2) (i64.mul (i64.load offset=8 (local.get $p)) (global.get $P2))))
          (local.set $v2 (i64.mul (i64.or (i64.shl (local.get $v2) (i64.const 31)) (i64.shr_u (local.get $v2) (i64.const 33))) (global.get $P1)))
          (local.set $v3 (i64.add (local.get $v3) (i64.mul (i64.load offset=16 (local.get $p)) (global.get $P2))))
          (local.set $v3 (i64.mul (i64.or (i64.shl (local.get $v3) (i64.const 31)) (i64.shr_u (local.get $v3) (i64.const 33))) (global.get $P1)))
          (local.set $v4 (i64.add (local.get $v4) (i64.mul (i64.load offset=24 (local.get $p)) (global.get $P2))))
          (local.set $v4 (i64.mul (i64.or (i64.shl (local.get $v4) (i64.const 31)) (i64.shr_u (local.get $v4) (i64.const 33))) (global.get $P1)))
          (local.set $p (i32.add (local.get $p) (i32.const 32)))
          (br_if $stripes (i32.le_u (i32.add (local.get $p) (i32.const 32)) (local.get $length))))
        (local.set $h (i64.add (i64.add (i64.or (i64.shl (local.get $v1) (i64.const 1)) (i64.shr_u (local.get $v1) (i64.const 63))) (i64.or (i64.shl (local.get $v2) (i64.const 7)) (i64.shr_u (local.get $v2) (i64.const 57))))
                               (i64.add (i64.or (i64.shl (local.get $v3) (i64.const 12)) (i64.shr_u (local.get $v3) (i64.const 52))) (i64.or (i64.shl (local.get $v4) (i64.const 18)) (i64.shr_u (local.get $v4) (i64.const 46))))))
        (local.set $k (i64.mul (local.get $v1) (global.get $P2)))
        (local.set $k (i64.mul (i64.or (i64.shl (local.get $k) (i64.const 31)) (i64.shr_u (local.get $k) (i64.const 33))) (global.get $P1)))
        (local.set $h (i64.add (i64.mul (i64.xor (local.get $h) (local.get $k)) (global.get $P1)) (global.get $P4)))
        (local.set $k (i64.mul (local.get $v2) (global.get $P2)))
        (local.set $k (i64.mul (i64.or (i64.shl (local.get $k) (i64.const 31)) (i64.shr_u (local.get $k) (i64.const 33))) (global.get $P1)))
        (local.set $h (i64.add (i64.mul (i64.xor (local.get $h) (local.get $k)) (global.get $P1)) (global.get $P4)))
        (local.set $k (i64.mul (local.get $v3) (global.get $P2)))
        (local.set $k (i64.mul (i64.or (i64.shl (local.get $k) (i64.const 31)) (i64.shr_u (local.get $k) (i64.const 33))) (global.get $P1)))
        (local.set $h (i64.add (i64.mul (i64.xor (local.get $h) (local.get $k)) (global.get $P1)) (global.get $P4)))
        (local.set $k (i64.mul (local.get $v4) (global.get $P2)))
        (local.set $k (i64.mul (i64.or (i64.shl (local.get $k) (i64.const 31)) (i64.shr_u (local.get $k) (i64.const 33))) (global.get $P1)))
        (local.set $h (i64.add (i64.mul (i64.xor (local.get $h) (local.get $k)) (global.get $P1)) (global.get $P4))))
      (else (local.set $h (global.get $P5))))
    (local.set $h (i64.add (local.get $h) (i64.extend_i32_u (local.get $length))))
    ;; What is left: 8 bytes at a time, then 4, then one.
    (block $words (loop $word
      (br_if $words (i32.gt_u (i32.add (local.get $p) (i32.const 8)) (local.get $length)))
      (local.set $k (i64.mul (i64.load (local.get $p)) (global.get $P2)))
      (local.set $k (i64.mul (i64.or (i64.shl (local.get $k) (i64.const 31)) (i64.shr_u (local.get $k) (i64.const 33))) (global.get $P1)))
      (local.set $h (i64.xor (local.get $h) (local.get $k)))
      (local.set $h (i64.add (i64.mul (i64.or (i64.shl (local.get $h) (i64.const 27)) (i64.shr_u (local.get $h) (i64.const 37))) (global.get $P1)) (global.get $P4)))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (br $word)))
    (if (i32.le_u (i32.add (local.get $p) (i32.const 4)) (local.get $length))
      (then
        (local.set $h (i64.xor (local.get $h) (i64.mul (i64.load32_u (local.get $p)) (global.get $P1))))
        (local.set $h (i64.add (i64.mul (i64.or (i64.shl (local.get $h) (i64.const 23)) (i64.shr_u (local.get $h) (i64.const 41))) (global.get $P2)) (global.get $P3)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))))
    (block $bytes (loop $byte
      (br_if $bytes (i32.ge_u (local.get $p) (local.get $length)))
      (local.set $h (i64.xor (local.get $h) (i64.mul (i64.load8_u (local.get $p)) (global.get $P5))))
      (local.set $h (i64.mul (i64.or (i64.shl (local.get $h) (i64.const 11)) (i64.shr_u (local.get $h) (i64.const 53))) (global.get $P1)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $byte)))
    ;; The avalanche.
    (local.set $h (i64.mul (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 33))) (global.get $P2)))
    (local.set $h (i64.mul (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 29))) (global.get $P3)))
    (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 32))))
)
