#!/bin/sh
# A Trunk post-build hook (Trunk.toml): builds the two authoring front ends beside the widget,
# from the same crate with other features, into Trunk's staging directory (or the one named):
#
#   pkg/cyberdrill_compiler.js  the Markdown module (feature `bindings`: the compiler, no
#                               Leptos), which the loader fetches only for a drill in Markdown
#   pkg/cyberdrill_studio.js    the drill studio (feature `studio`), which studio.html starts
#   pkg/cyberdrill_reporting.js the reporting module (feature `reporting`: statements and the
#                               outbox, no Leptos), which lrs.js loads only for an `lrs` element
#
# Each has a target directory of its own: the four builds differ only in features, and
# sharing one would have each overwrite the others' cyberdrill.wasm. tools/finish.mjs shrinks
# them after. Nothing is downloaded.
set -eu
dir=${1:-${TRUNK_STAGING_DIR:?usage: tools/authoring.sh DIR, or as a Trunk hook}}

build() {
  feature=$1 name=$2
  cargo build --quiet --offline --lib --target wasm32-unknown-unknown --profile wasm-release \
    --no-default-features --features "$feature" --target-dir "target/$feature"
  wasm-bindgen --target web --no-typescript --out-dir "$dir/pkg" --out-name "$name" \
    "target/$feature/wasm32-unknown-unknown/wasm-release/cyberdrill.wasm"
}

build bindings cyberdrill_compiler
build studio cyberdrill_studio
build reporting cyberdrill_reporting
