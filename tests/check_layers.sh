#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# check_layers.sh - the folders are layers and every include points down
# (README, Architecture).  Each folder may include from the folders listed
# for it and nothing else of the tree; a line per include that breaks the
# rule, and a failing exit status.  Run by 'make check-unit'.
#
#   sh tests/check_layers.sh [ROOT]

root=${1:-.}

# folder: the folders its files may include from (itself first).  bpf/
# and model/ stand side by side on abi/ and know nothing of each other;
# demos/ is a program of its own, and only its control-channel headers are
# copyscope's business (run/ speaks the protocol, ui/ shows its phases).
allowed() {
	case $1 in
	abi) echo "abi" ;;
	bpf) echo "bpf abi" ;;
	model) echo "model abi" ;;
	views) echo "views model abi" ;;
	run) echo "run views model bpf abi demos" ;;
	ui) echo "ui run views model abi demos" ;;
	cli) echo "cli ui run views model bpf abi demos" ;;
	demos) echo "demos" ;;
	esac
}

bad=0
checked=0
incs=$(mktemp)
trap 'rm -f "$incs"' EXIT
for dir in abi bpf model views run ui cli demos; do
	ok=$(allowed $dir)
	for f in "$root"/$dir/*.c "$root"/$dir/*.h; do
		[ -e "$f" ] || continue
		checked=$((checked + 1))
		# "folder/file.h" includes of the tree; <...> and same-folder
		# "file.h" (the BPF programs' own headers, the skeleton) pass
		grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^"/]*/' "$f" |
			sed 's|^\([0-9]*\):.*"\([^"/]*\)/[^"]*".*|\1 \2|' >"$incs"
		while read -r line top; do
			case " $ok " in
			*" $top "*) ;;
			*)
				echo "${f#"$root"/}:$line: $dir/ includes from $top/ (allowed: $ok)"
				bad=$((bad + 1))
				;;
			esac
		done <"$incs"
	done
done
if [ $checked -eq 0 ]; then
	echo "check_layers: no source files under $root" >&2
	exit 1
fi
echo "check_layers: $checked files, $bad includes pointing up or sideways"
[ $bad -eq 0 ]
