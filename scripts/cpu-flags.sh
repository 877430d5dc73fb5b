#!/usr/bin/env bash
# Prints what the Makefile needs to know about this CPU, from /proc/cpuinfo:
#   scripts/cpu-flags.sh openblas   the OPENBLAS_CORETYPE that suits it (empty: leave OpenBLAS alone)
#   scripts/cpu-flags.sh swift      swiftc flags for the widest vector unit it has (release builds)
# Debian's OpenBLAS 0.3.21 falls back to its slowest kernels on CPUs it does not know (recent
# Intel with AVX-512 among them); Frontier's executables restart themselves with the right core,
# and the Makefile exports it for test processes, which cannot restart.
set -euo pipefail
flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)
vendor=$(grep -m1 '^vendor_id' /proc/cpuinfo 2>/dev/null | awk -F': ' '{print $2}' || true)
has() { for f in "$@"; do [[ " $flags " == *" $f "* ]] || return 1; done; }
level=baseline
if has avx512f avx512bw avx512vl avx512dq avx512cd; then level=avx512
elif has avx2 fma; then level=avx2
elif has avx; then level=avx
fi
case "${1:-}" in
  openblas)
    case $level in
      avx512) echo SkylakeX ;;
      avx2) if [ "$vendor" = AuthenticAMD ]; then echo Zen; else echo Haswell; fi ;;
      avx) echo Sandybridge ;;
      *) echo "" ;;
    esac ;;
  swift)
    case $level in
      avx512) echo "-Xswiftc -target-cpu -Xswiftc skylake-avx512" ;;
      avx2) echo "-Xswiftc -target-cpu -Xswiftc haswell" ;;
      *) echo "" ;;
    esac ;;
  *) echo "usage: scripts/cpu-flags.sh openblas|swift" >&2; exit 2 ;;
esac
