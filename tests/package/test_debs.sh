#!/bin/bash
# The Debian packages as an administrator meets them: builds them from this tree, checks
# them with lintian, installs them, runs magmad as magmad.service would (as user magma,
# the unit's ExecStart line, no systemd needed), mounts through `mount -t magma` and an
# fstab line, writes and reads a file, unmounts, stops magmad, removes and purges the
# packages, and checks that nothing is left but the documented system user magma.
#
# Usage: tests/package/test_debs.sh [RESULT_DIR]   (as root; default RESULT_DIR: tests/package)
# Writes RESULT_DIR/test_debs.log and RESULT_DIR/test_debs.trs, with one automake
# ":test-result:" line per step, which scripts/summarize-tests counts. Exit status: 0 every
# step passed, 1 a step failed, 77 this machine cannot run the test (no root, no FUSE,
# no git checkout, no dpkg-buildpackage).
# MAGMA_DEBS_DIR=DIR installs the .debs already built in DIR instead of building them.
set -uo pipefail
exec </dev/null

top=$(cd "$(dirname "$0")/../.." && pwd)
results=$(mkdir -p "${1:-$top/tests/package}" && cd "${1:-$top/tests/package}" && pwd)
readonly top results log=$results/test_debs.log trs=$results/test_debs.trs
readonly packages=(magmad magma-client magma-tools libmagma0 libmagma-dev)
readonly unit=/lib/systemd/system/magmad.service
work=
magmad_pid=
failed=0

note() { echo "test_debs: $*"; }

# Records one step's result in the .trs.
record() { echo ":test-result: $1 $2" >> "$trs"; [[ $1 == FAIL ]] && failed=1; note "$1: $2"; }

# Runs one step: its name, then the function and its arguments; PASS if it returns 0.
step() {
  local name=$1 start=$SECONDS
  shift
  note "---- $name"
  if "$@"; then record PASS "$name ($((SECONDS - start)) s)"; else record FAIL "$name"; fi
}

fail() { note "FAILED: $*"; return 1; }

skip_reason() {
  ((EUID == 0)) || { echo "not root"; return; }
  [[ -c /dev/fuse ]] || { echo "no /dev/fuse"; return; }
  command -v dpkg-buildpackage >/dev/null || { echo "no dpkg-buildpackage (scripts/install-deps)"; return; }
  git -C "$top" rev-parse --git-dir >/dev/null 2>&1 || { echo "$top is not a git checkout"; return; }
  # The test installs and purges the packages, storage included: it never touches a
  # Magma already installed here (after a crashed run: dpkg -P the packages by hand).
  if dpkg-query -W -f='${Status}\n' "${packages[@]}" 2>/dev/null | grep -q ' installed$'; then
    echo "Magma packages are installed on this machine; the test would purge them"
    return
  fi
}

# Every path under the directories a package may touch, minus the package manager's own
# bookkeeping and caches, which change on every install.
snapshot() {
  find /etc /usr /var /opt /srv -xdev \
    \( -path /var/lib/dpkg -o -path /var/lib/apt -o -path /var/cache -o -path /var/log \
       -o -path /var/tmp -o -path /var/backups -o -path /var/lib/ucf \) -prune -o -print 2>/dev/null | sort
}

# The tree as git sees it (committed or not, minus what .gitignore hides), copied to
# $work/src: the packages never build from a tree that was configured in place.
copy_tree() {
  mkdir -p "$work/src"
  git -C "$top" ls-files -z -co --exclude-standard |
    while IFS= read -r -d '' f; do [[ -e $top/$f || -L $top/$f ]] && printf '%s\0' "$f"; done |
    tar -C "$top" --null -T - -cf - | tar -C "$work/src" -xf -
}

build_debs() {
  if [[ -n ${MAGMA_DEBS_DIR:-} ]]; then
    cp "$MAGMA_DEBS_DIR"/*.deb "$work"/ || return 1
  else
    copy_tree || return 1
    (cd "$work/src" && DEB_BUILD_OPTIONS="nocheck parallel=2" dpkg-buildpackage -b -us -uc) >"$work/build.log" 2>&1 ||
      { tail -n 40 "$work/build.log"; fail "dpkg-buildpackage"; return 1; }
  fi
  local p
  for p in "${packages[@]}"; do
    ls "$work/${p}"_*.deb >/dev/null 2>&1 || fail "no ${p} package" || return 1
  done
  ls -l "$work"/*.deb
}

# Errors fail the step (lintian's exit status); warnings and notes are listed in the log.
lintian_clean() {
  command -v lintian >/dev/null || { fail "lintian is not installed"; return 1; }
  local status=0
  lintian --tag-display-limit 0 --fail-on error -I "$work"/*.deb >"$work/lintian.txt" 2>&1 || status=$?
  cat "$work/lintian.txt"
  note "lintian: $(grep -c '^E:' "$work/lintian.txt") errors, $(grep -c '^W:' "$work/lintian.txt") warnings," \
    "$(grep -c '^I:' "$work/lintian.txt") notes, exit status $status"
  # A lintian that checked nothing says so, and exits 0.
  ! grep -qE '^Skipping|No packages selected' "$work/lintian.txt" || fail "lintian checked nothing" || return 1
  ((status == 0))
}

install_debs() {
  local debs=() p
  for p in "${packages[@]}"; do debs+=("$(ls "$work/${p}"_*.deb)"); done
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0 "${debs[@]}" || return 1
  for p in /usr/sbin/magmad /sbin/mount.magma /usr/bin/magmactl "$unit" /etc/magma/magmad.conf \
           /etc/default/magmad /usr/include/magma/libmagma/key.h; do
    [[ -e $p ]] || fail "$p is not installed" || return 1
  done
  getent passwd magma >/dev/null || fail "no user magma" || return 1
  [[ $(stat -c %U:%G:%a /etc/magma/secret) == magma:magma:600 ]] || fail "/etc/magma/secret: $(stat -c %U:%G:%a /etc/magma/secret)" || return 1
  [[ $(stat -c %U /var/lib/magma) == magma ]] || fail "/var/lib/magma is not magma's" || return 1
  for p in mount.magma.8 magmad.8 magmactl.8; do
    [[ -e /usr/share/man/man8/$p.gz ]] || fail "no man page $p" || return 1
  done
}

# systemd's own reading of the unit, where systemd is installed.
unit_verifies() {
  command -v systemd-analyze >/dev/null || { note "no systemd-analyze: not checked"; return 0; }
  systemd-analyze verify "$unit"
}

# libmagma-dev: a program built with pkg-config's flags prints the key of "/".
dev_package_builds() {
  cat >"$work/key.cc" <<'EOF'
#include <iostream>
#include <libmagma/key.h>
int main() { std::cout << magma::sha1_key("/").hex() << "\n"; }
EOF
  # shellcheck disable=SC2046
  g++ $(pkg-config --cflags magma) "$work/key.cc" -o "$work/key" $(pkg-config --libs magma) || return 1
  local got want
  got=$("$work/key") || return 1
  want=$(printf / | sha1sum | cut -d' ' -f1)
  [[ $got == "$want" ]] || fail "key of / is $got, not $want"
}

# A port pair (flare, node) that nothing on 127.0.0.1 uses.
free_ports() {
  python3 - <<'EOF'
import socket
for port in range(12940, 13940, 2):
    try:
        for p in (port, port + 1):
            s = socket.socket(); s.bind(("127.0.0.1", p)); s.close()
    except OSError:
        continue
    print(port); break
EOF
}

# The unit's ExecStart with /etc/default/magmad's MAGMAD_OPTS, run as the unit's user.
start_magmad() {
  port=$(free_ports) && [[ -n $port ]] || fail "no free port" || return 1
  echo "MAGMAD_OPTS=\"-b -n pkgtest -i 127.0.0.1 -p $port\"" >/etc/default/magmad
  local exec_start user group
  exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
  user=$(sed -n 's/^User=//p' "$unit")
  group=$(sed -n 's/^Group=//p' "$unit")
  note "as $user:$group: $exec_start"
  # setpriv execs magmad itself (runuser would stay as its parent), so the pid is magmad's.
  (
    cd / && set -a && . /etc/default/magmad && set +a
    eval "exec setpriv --reuid=\"$user\" --regid=\"$group\" --init-groups -- $exec_start"
  ) >"$work/magmad.log" 2>&1 &
  magmad_pid=$!
  local i
  for ((i = 0; i < 100; i++)); do
    magmactl -H "127.0.0.1:$port" lava >"$work/lava.txt" 2>&1 && { cat "$work/lava.txt"; return 0; }
    kill -0 "$magmad_pid" 2>/dev/null || break
    sleep 0.2
  done
  cat "$work/magmad.log"
  fail "magmad does not answer on 127.0.0.1:$port"
}

# A file written through one mount reads back through another: mount -t magma, then fstab.
mount_write_read() {
  mkdir -p "$work/mnt"
  mount -t magma "127.0.0.1:$port:/" "$work/mnt" -o key_file=/etc/magma/secret || return 1
  [[ $(findmnt -n -o FSTYPE "$work/mnt") == fuse.magma ]] || fail "not a magma mount" || return 1
  head -c 300000 /dev/urandom >"$work/data"
  cp "$work/data" "$work/mnt/pkgtest.bin" && sync "$work/mnt/pkgtest.bin" || return 1
  cmp "$work/data" "$work/mnt/pkgtest.bin" || return 1
  unmount "$work/mnt"
}

# The issue's fstab line, on 127.0.0.1 and a free port instead of wallace:12000.
fstab_mount() {
  echo "127.0.0.1:$port:/ $work/mnt magma key_file=/etc/magma/secret,_netdev 0 0" >"$work/fstab"
  mount -a -T "$work/fstab" || return 1
  mountpoint -q "$work/mnt" || fail "mount -a did not mount" || return 1
  cmp "$work/data" "$work/mnt/pkgtest.bin" || return 1
  unmount "$work/mnt"
}

# umount, then the FUSE client must be gone within 10 s.
unmount() {
  umount "$1" || return 1
  local i
  for ((i = 0; i < 50; i++)); do
    pgrep -f "mount.magma .*$1" >/dev/null || return 0
    sleep 0.2
  done
  fail "mount.magma still runs after umount $1"
}

stop_magmad() {
  kill -TERM "$magmad_pid" || return 1
  local status=0
  wait "$magmad_pid" || status=$?
  magmad_pid=
  cat "$work/magmad.log"
  ((status == 0)) || fail "magmad exited $status"
}

# dpkg -r: the programs go; configuration, secret and storage stay until the purge.
remove_debs() {
  dpkg -r "${packages[@]}" || return 1
  local p
  for p in /usr/sbin/magmad /sbin/mount.magma /usr/bin/magmactl "$unit"; do
    [[ ! -e $p ]] || fail "$p is still there after dpkg -r" || return 1
  done
  for p in /etc/magma/magmad.conf /etc/magma/secret /var/lib/magma; do
    [[ -e $p ]] || fail "dpkg -r deleted $p" || return 1
  done
}

# dpkg -P: nothing new is left on the machine (the user magma is documented to stay).
purge_clean() {
  dpkg -P "${packages[@]}" || return 1
  snapshot >"$work/after.txt"
  comm -13 "$work/before.txt" "$work/after.txt" >"$work/left.txt"
  [[ ! -s $work/left.txt ]] || { cat "$work/left.txt"; fail "files left after the purge"; return 1; }
  getent passwd magma >/dev/null || fail "the user magma is gone (it should stay)"
}

# Whatever a failed step left: the mount, magmad, the packages.
cleanup() {
  [[ -n $work ]] || return 0
  mountpoint -q "$work/mnt" 2>/dev/null && umount -l "$work/mnt"
  [[ -n $magmad_pid ]] && kill -KILL "$magmad_pid" 2>/dev/null
  dpkg -P "${packages[@]}" >/dev/null 2>&1
  rm -rf "$work"
}

main() {
  : >"$trs"
  local reason
  reason=$(skip_reason)
  if [[ -n $reason ]]; then
    note "SKIP: $reason"
    echo ":test-result: SKIP test_debs ($reason)" >"$trs"
    return 77
  fi
  work=$(mktemp -d /tmp/magma-debs.XXXXXX)
  trap cleanup EXIT
  snapshot >"$work/before.txt"
  step build-debs build_debs || true
  if ((failed)); then echo ":global-test-result: FAIL" >>"$trs"; return 1; fi
  step lintian lintian_clean
  step install install_debs
  if ((!failed)); then
    step systemd-unit unit_verifies
    step libmagma-dev dev_package_builds
    step start-magmad start_magmad
    ((failed)) || step mount-t-magma mount_write_read
    ((failed)) || step fstab-mount fstab_mount
    [[ -n $magmad_pid ]] && step stop-magmad stop_magmad
  fi
  step dpkg-remove remove_debs
  step dpkg-purge purge_clean
  echo ":global-test-result: $( ((failed)) && echo FAIL || echo PASS)" >>"$trs"
  return "$failed"
}

main "$@" 2>&1 | tee "$log"
exit "${PIPESTATUS[0]}"
