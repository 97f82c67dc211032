#!/usr/bin/env bash
# Builds the Debian package (target/debian/clic_VERSION-1_ARCH.deb) and
# prints its path on the last line. The man pages and completions are
# rendered by the release binary being packaged (`clic pacchetto`, hidden),
# so they always describe that binary; [package.metadata.deb] in
# Cargo.toml lists where they go. Needs cargo-deb
# (`cargo install cargo-deb --locked`).
set -euo pipefail
cd "$(dirname "$0")/.."

target="${CARGO_TARGET_DIR:-target}"
cargo build --release --locked
rm -rf target/pacchetto
"$target/release/clic" pacchetto target/pacchetto
rm -f target/debian/clic_*.deb
cargo deb --no-build --locked >&2
ls target/debian/clic_*.deb
