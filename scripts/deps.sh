#!/bin/sh
# Install the Debian packages copyscope needs, and only those that are missing.
# Idempotent: a second run installs nothing and does not touch the network.
#
#   scripts/deps.sh            packages to build and run copyscope (the tour)
#   scripts/deps.sh test       plus what the test suite needs (cmocka, tmux, QEMU, ...)
set -eu

run_pkgs="make gcc clang llvm libbpf-dev bpftool libelf-dev zlib1g-dev libncurses-dev pkg-config liburing-dev iproute2 libcap-dev"
test_pkgs="libcmocka-dev jq tmux qemu-system-x86 busybox-static e2fsprogs libclang-rt-14-dev ca-certificates libcap2-bin nginx curl wget python3"

want=$run_pkgs
[ "${1:-run}" = test ] && want="$run_pkgs $test_pkgs"

missing=""
for p in $want; do
	# dpkg-query prints "install ok installed" only for a fully installed package.
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO=sudo
	else
		echo "copyscope: missing packages:$missing; run this script as root to install them" >&2
		exit 1
	fi
else
	SUDO=
fi

echo "copyscope: installing missing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
