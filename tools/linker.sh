#!/usr/bin/env bash
# The linker of every wasm32 build (.cargo/config.toml): Rust's own wasm linker, rust-lld,
# told not to export wasm-streams' three JavaScript classes.
#
# Leptos always links its server functions, which stream through wasm-streams, and wasm-streams
# exports the classes IntoUnderlyingByteSource, IntoUnderlyingSink and IntoUnderlyingSource to
# JavaScript. Nothing in cyberdrill has a server function, so nothing ever creates one; but an
# export is a root the linker keeps, with everything it reaches, and the futures those classes
# wrap sit in the function table, where no later tool can tell them dead. Left out of the link,
# they take that code with them before wasm-bindgen runs: 4.4 KB gzip of the widget's wasm (3
# December), where removing them after linking (wasm-metadce) could take only their exports.
# wasm-bindgen then leaves their classes in the glue pointing at nothing; tools/finish.mjs
# removes those and fails the build if any of these exports is still in the wasm.
#
# Arguments arrive as rustc passes them, `--export NAME` pairs among them, or in a response
# file (@file, one a line) when the command line would be too long; only those pairs go.
set -euo pipefail

sysroot=$(rustc --print sysroot)
host=$(rustc -vV | sed -n 's/^host: //p')
lld="$sysroot/lib/rustlib/$host/bin/rust-lld"
[ -x "$lld" ] || { echo "tools/linker.sh: no rust-lld at $lld" >&2; exit 1; }

# The left-out exports, as a pattern of their names: each class's constructor, methods and
# free function, and wasm-bindgen's description of each.
left_out='intounderlying(bytesource|sink|source)'

args=()
copies=()
trap 'rm -f "${copies[@]}"' EXIT
export_next=0
for arg in "$@"; do
  if [ "$export_next" = 1 ]; then
    export_next=0
    [[ $arg =~ $left_out ]] || args+=(--export "$arg")
  elif [ "$arg" = --export ]; then
    export_next=1
  elif [ "${arg#--export=}" != "$arg" ]; then
    [[ $arg =~ $left_out ]] || args+=("$arg")
  elif [ "${arg#@}" != "$arg" ]; then
    # A response file: the same pairs, a line each (rustc's own escaping kept as it is).
    copy=$(mktemp)
    copies+=("$copy")
    awk -v left_out="$left_out" '
      pending { pending = 0; if ($0 ~ left_out) next; print "--export" }
      $0 == "--export" { pending = 1; next }
      { print }
      END { if (pending) print "--export" }
    ' "${arg#@}" >"$copy"
    args+=("@$copy")
  else
    args+=("$arg")
  fi
done
[ "$export_next" = 0 ] || args+=(--export)
"$lld" "${args[@]}"
