#!/bin/bash
# fetch.sh - fetch Debian kernel images for the kernel matrix, without
# installing anything.
#
#   tests/kernels/fetch.sh OUT SLOT...
#
# SLOT is a kernel series: "6.1" (from the distribution's own suite) or
# "6.12" (from its backports suite); any "X.Y" works the same way.  For each
# slot one line is appended to OUT:
#
#   OK <slot> <dir> <package> <version>    dir holds vmlinuz and config
#   SKIP <slot> <reason>
#
# The apt configuration is private and made at run time from the machine's
# own apt sources (same URIs, keyrings and components; suites <codename> and
# <codename>-backports), so that no mirror is named in the repository and the
# system's apt state, /boot and dpkg database stay untouched.  Everything is
# kept in $COPYSCOPE_KERNEL_CACHE (default /var/cache/copyscope-kernels); a
# kernel downloaded once is used again when the network is gone.
set -u

out=$1
shift
cache=${COPYSCOPE_KERNEL_CACHE:-/var/cache/copyscope-kernels}
etc_apt=${COPYSCOPE_APT_ETC:-/etc/apt}
arch=$(dpkg --print-architecture)

log() { echo "kernels: $*" >&2; }

codename() {
	local c=""
	[ -r /etc/os-release ] && c=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -z "$c" ] && c=$(lsb_release -sc 2>/dev/null)
	echo "$c"
}

# derive_sources CODENAME DIR: write DIR/sources.list (one-line entries) and
# DIR/parts/copyscope.sources (deb822 stanzas) with every enabled "deb" entry
# of the machine that serves suite CODENAME, re-pointed at CODENAME and
# CODENAME-backports.  Options and Signed-By are kept verbatim.
derive_sources() {
	local code=$1 dir=$2 f
	mkdir -p "$dir/parts"
	: >"$dir/sources.list.tmp"
	: >"$dir/parts/copyscope.sources.tmp"
	for f in "$etc_apt/sources.list" "$etc_apt"/sources.list.d/*.list; do
		[ -r "$f" ] || continue
		awk -v code="$code" '
		/^[ \t]*#/ || NF == 0 { next }
		$1 == "deb" {
			i = 2; opts = ""
			if ($2 ~ /^\[/) {	# options may span several words
				while (i <= NF && $i !~ /\]$/) { opts = opts " " $i; i++ }
				opts = substr(opts " " $i, 2); i++
			}
			uri = $i; suite = $(i + 1); comps = ""
			for (j = i + 2; j <= NF; j++) comps = comps " " $j
			if (suite != code || uri ~ /^cdrom:/) next
			pre = "deb " (opts != "" ? opts " " : "") uri " "
			print pre code comps
			print pre code "-backports" comps
		}' "$f" >>"$dir/sources.list.tmp"
	done
	for f in "$etc_apt"/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		# Stanzas are separated by blank lines; continuation lines (an
		# inline key in Signed-By) start with a space and are kept.
		awk -v code="$code" '
		function flush(   k, keep) {
			if (n == 0) return
			keep = types ~ /(^|[ \t])deb([ \t]|$)/ && enabled !~ /^[Nn]o/ && \
			       (" " suites " ") ~ (" " code " ") && uris !~ /cdrom:/
			if (keep) {
				for (k = 1; k <= n; k++) {
					if (line[k] ~ /^Suites:/)
						print "Suites: " code " " code "-backports"
					else if (line[k] ~ /^Types:/)
						print "Types: deb"
					else
						print line[k]
				}
				print ""
			}
			n = 0; types = suites = enabled = uris = ""
		}
		/^[ \t]*#/ { next }
		/^[ \t]*$/ { flush(); next }
		{
			line[++n] = $0
			if ($0 ~ /^Types:/) { types = $0; sub(/^Types:[ \t]*/, "", types) }
			if ($0 ~ /^Suites:/) { suites = $0; sub(/^Suites:[ \t]*/, "", suites); gsub(/[ \t]+/, " ", suites) }
			if ($0 ~ /^Enabled:/) { enabled = $0; sub(/^Enabled:[ \t]*/, "", enabled) }
			if ($0 ~ /^URIs:/) uris = $0
		}
		END { flush() }' "$f" >>"$dir/parts/copyscope.sources.tmp"
	done
	mv "$dir/sources.list.tmp" "$dir/sources.list"
	mv "$dir/parts/copyscope.sources.tmp" "$dir/parts/copyscope.sources"
	[ -s "$dir/sources.list" ] || [ -s "$dir/parts/copyscope.sources" ]
}

apt_opts() {
	local d=$cache/apt
	echo "-o Dir::Etc::sourcelist=$d/sources.list -o Dir::Etc::sourceparts=$d/parts" \
	     "-o Dir::Etc::preferences=/dev/null -o Dir::Etc::preferencesparts=-" \
	     "-o Dir::State::Lists=$d/lists -o Dir::Cache=$d/cache" \
	     "-o Dir::Cache::archives=$cache/debs -o APT::Architecture=$arch" \
	     "-o Debug::NoLocking=1 -o Acquire::Retries=1 -o Acquire::http::Timeout=20"
}

# pick_package SLOT: print "<package> <version>" of the newest image of the
# series in the private lists.  Signed images (they hold vmlinuz) are
# preferred; the -unsigned package of the same version is the fallback.
pick_package() {
	local slot=$1 re names
	re="^linux-image-${slot//./\\.}(\\.[0-9]+)?(-[0-9]+|\\+[a-z0-9.]+)-${arch}(-unsigned)?\$"
	# shellcheck disable=SC2046
	names=$(apt-cache $(apt_opts) pkgnames "linux-image-$slot" 2>/dev/null | grep -E "$re")
	[ -n "$names" ] || return 1
	# shellcheck disable=SC2046,SC2086
	apt-cache $(apt_opts) show --no-all-versions $names 2>/dev/null |
		awk '/^Package:/ { p = $2 } /^Version:/ { print p, $2 }' |
		{
			best="" bestv=""
			while read -r p v; do
				if [ -z "$best" ] || dpkg --compare-versions "$v" gt "$bestv" ||
				   { [ "$v" = "$bestv" ] && [[ $best == *-unsigned ]]; }; then
					best=$p bestv=$v
				fi
			done
			[ -n "$best" ] && echo "$best $bestv"
		}
}

# cached_deb SLOT: newest .deb of the series already in the cache (offline).
cached_deb() {
	local slot=$1 f re
	re="/linux-image-${slot//./\\.}(\\.[0-9]+)?(-[0-9]+|\\+[a-z0-9.]+)-${arch}(-unsigned)?_"
	for f in "$cache/debs/linux-image-$slot"*"_$arch.deb"; do
		[[ -f $f && $f =~ $re ]] && echo "$f"
	done | sort -V | tail -n 1
}

# extract DEB DIR: unpack vmlinuz and config of the package into DIR once.
extract() {
	local deb=$1 dir=$2 tmp
	[ -s "$dir/vmlinuz" ] && [ -s "$dir/config" ] && return 0
	tmp=$(mktemp -d "$cache/extract.XXXXXX") || return 1
	if ! dpkg-deb --fsys-tarfile "$deb" |
	     tar -x -C "$tmp" --wildcards './boot/vmlinuz-*' './boot/config-*' 2>"$tmp/err"; then
		log "extract $deb: $(head -n 1 "$tmp/err")"
		rm -rf "$tmp"
		return 1
	fi
	mkdir -p "$dir"
	mv "$tmp"/boot/vmlinuz-* "$dir/vmlinuz" && mv "$tmp"/boot/config-* "$dir/config"
	rm -rf "$tmp"
	[ -s "$dir/vmlinuz" ]
}

# extract_modules DEB DIR NAME...: put the modules NAME... and the modules
# they depend on, uncompressed, into DIR/modules/, with DIR/modules/order
# (load order, dependencies first).  The package has no modules.dep (depmod
# makes it at install time): dependencies come from each module's
# "depends=" field.  Done once per kernel and module set.
extract_modules() {
	local deb=$1 dir=$2 tmp want list pending next n p d paths order=() seen=" "
	shift 2
	want="$*"
	[ -z "$want" ] && { rm -rf "$dir/modules"; return 0; }
	[ "$(cat "$dir/modules/set" 2>/dev/null)" = "$want" ] && return 0
	rm -rf "$dir/modules"
	tmp=$(mktemp -d "$cache/extract.XXXXXX") || return 1
	mkdir -p "$tmp/plain"
	# "<name> <path>" of every module in the package, - and _ alike.
	list=$(dpkg-deb -c "$deb" | awk '$NF ~ /\/kernel\/.*\.ko(\.[a-z]+)?$/ { p = $NF; n = p
		sub(/.*\//, "", n); sub(/\.ko(\.[a-z]+)?$/, "", n); gsub(/-/, "_", n); print n, p }')
	# What this kernel has built in (virtio_pci is a module in 6.1, built
	# into 6.12): those need no file.
	local builtin
	builtin=" $(dpkg-deb --fsys-tarfile "$deb" |
		tar -x -O --wildcards './lib/modules/*/modules.builtin' 2>/dev/null |
		sed -e 's|.*/||' -e 's|\.ko$||' | tr '\n-' ' _') "
	pending=$(echo "$want" | tr - _)
	for n in $pending; do seen="$seen$n "; done
	while [ -n "$pending" ]; do
		paths=()
		local files=""
		for n in $pending; do
			p=$(awk -v n="$n" '$1 == n { print $2; exit }' <<<"$list")
			if [ -z "$p" ]; then
				if [[ $builtin == *" $n "* ]]; then
					: >"$tmp/plain/$n.deps"
					echo builtin >"$tmp/plain/$n.builtin"
					continue
				fi
				log "$(basename "$deb"): no module $n"
				rm -rf "$tmp"
				return 1
			fi
			paths+=("$p")
			files="$files $n"
			echo "$p" >"$tmp/plain/$n.path"
		done
		[ ${#paths[@]} -eq 0 ] && break
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" "${paths[@]}" || {
			rm -rf "$tmp"
			return 1
		}
		next=""
		for n in $files; do
			p=$tmp/$(cat "$tmp/plain/$n.path")
			# busybox insmod takes plain modules: uncompress here.
			case $p in
			*.ko.xz) xz -dc "$p" ;;
			*.ko.zst) zstd -qdc "$p" ;;
			*.ko.gz) gzip -dc "$p" ;;
			*) cat "$p" ;;
			esac >"$tmp/plain/$n.ko" || { rm -rf "$tmp"; return 1; }
			strings -a "$tmp/plain/$n.ko" | sed -n 's/^depends=//p' | tr ',-' ' _' >"$tmp/plain/$n.deps"
			for d in $(cat "$tmp/plain/$n.deps"); do
				case $seen in *" $d "*) continue ;; esac
				seen="$seen$d "
				next="$next $d"
			done
		done
		pending=$next
	done
	# Dependencies first, each module once.
	local placed=" "
	visit() {
		local m=$1 x
		case $placed in *" $m "*) return ;; esac
		placed="$placed$m "
		for x in $(cat "$tmp/plain/$m.deps"); do visit "$x"; done
		[ -e "$tmp/plain/$m.builtin" ] || order+=("$m")
	}
	for n in $(echo "$want" | tr - _); do visit "$n"; done
	mkdir -p "$dir/modules"
	: >"$dir/modules/order"
	for n in "${order[@]}"; do
		mv "$tmp/plain/$n.ko" "$dir/modules/$n.ko"
		echo "$n.ko" >>"$dir/modules/order"
	done
	echo "$want" >"$dir/modules/set"
	rm -rf "$tmp"
}

mkdir -p "$cache/apt/lists/partial" "$cache/apt/cache" "$cache/debs/partial" "$cache/boot" || {
	for s in "$@"; do echo "SKIP $s cannot create the cache $cache" >>"$out"; done
	exit 0
}
# apt drops privileges to _apt for downloads: let it write there.
id _apt >/dev/null 2>&1 && chown _apt "$cache/apt/lists/partial" "$cache/debs/partial" 2>/dev/null

code=$(codename)
update_err="" update_warn=""
if [ -z "$code" ]; then
	update_err="no distribution codename in /etc/os-release"
elif ! derive_sources "$code" "$cache/apt"; then
	update_err="no apt source of the machine serves suite $code"
else
	# shellcheck disable=SC2046
	if ! timeout 120 apt-get -q $(apt_opts) update >"$cache/apt/update.log" 2>&1; then
		update_err="apt-get update failed: $(grep -E '^(E|W):' "$cache/apt/update.log" | head -n 1)"
	elif grep -q '^[EW]:' "$cache/apt/update.log"; then
		# apt-get update exits 0 when an index could not be fetched.
		update_warn="apt-get update: $(grep -E '^(E|W):' "$cache/apt/update.log" | head -n 1)"
		log "$update_warn"
	fi
fi
[ -n "$update_err" ] && log "$update_err"

for slot in "$@"; do
	deb="" reason=""
	pick=$([ -z "$update_err" ] && pick_package "$slot")
	if [ -n "$pick" ]; then
		read -r pkg ver <<<"$pick"
		deb=$(ls "$cache/debs/${pkg}_${ver//:/%3a}_$arch.deb" 2>/dev/null)
		if [ -z "$deb" ]; then
			log "downloading $pkg $ver"
			# shellcheck disable=SC2046
			if (cd "$cache/debs" && timeout 600 apt-get -q $(apt_opts) download "$pkg=$ver" \
			      >"$cache/apt/download.log" 2>&1); then
				deb=$(ls "$cache/debs/${pkg}_${ver//:/%3a}_$arch.deb" 2>/dev/null)
			else
				reason="apt-get download $pkg failed: $(grep -E '^(E|W):' "$cache/apt/download.log" | head -n 1)"
			fi
		fi
	else
		reason="no linux-image-$slot package for $arch in suites $code, $code-backports"
		[ -n "$update_warn" ] && reason="$reason ($update_warn)"
		[ -n "$update_err" ] && reason=$update_err
	fi
	if [ -z "$deb" ]; then
		# Offline or the archive changed: a kernel fetched earlier still counts.
		deb=$(cached_deb "$slot")
		[ -n "$deb" ] && log "using cached $(basename "$deb") ($reason)"
	fi
	if [ -z "$deb" ]; then
		echo "SKIP $slot $reason" >>"$out"
		continue
	fi
	base=$(basename "$deb" .deb)
	pkg=${base%%_*}
	ver=$(dpkg-deb -f "$deb" Version)
	dir=$cache/boot/$base
	if extract "$deb" "$dir"; then
		# shellcheck disable=SC2086
		extract_modules "$deb" "$dir" ${KERNEL_MODULES:-} ||
			log "$slot: cannot extract the modules ${KERNEL_MODULES:-}"
		echo "OK $slot $dir $pkg $ver" >>"$out"
	else
		echo "SKIP $slot cannot extract vmlinuz from $(basename "$deb")" >>"$out"
	fi
done
exit 0
