#!/usr/bin/env python3
"""The neighbour of spec 2.5.1, for the reference server's tests: run as another uid, it watches the
shared directory and its own directory with inotify and swaps every new entry for a symbolic link
to a canary (a new directory in the shared one: a link to its own directory, so that a socket made
"in" it lands where it can swap that too). It prints 'ready' once it watches, and one line per swap.

usage: swap_attacker.py SHARED_DIR OWN_DIR CANARY [CANARY...]
"""
import ctypes, ctypes.util, os, stat, struct, sys

IN_CREATE, IN_MOVED_TO = 0x100, 0x80

def main():
    shared, own, canaries = sys.argv[1], sys.argv[2], sys.argv[3:]
    libc = ctypes.CDLL(ctypes.util.find_library('c'), use_errno=True)
    fd = libc.inotify_init1(os.O_CLOEXEC)
    if fd < 0:
        sys.exit('inotify_init1: errno %d' % ctypes.get_errno())
    watches = {}
    for d in (shared, own):
        wd = libc.inotify_add_watch(fd, d.encode(), IN_CREATE | IN_MOVED_TO)
        if wd < 0:
            sys.exit('inotify_add_watch %s: errno %d' % (d, ctypes.get_errno()))
        watches[wd] = d
    print('ready', flush=True)
    swaps = 0
    while True:
        buf = os.read(fd, 65536)
        off = 0
        while off < len(buf):
            wd, mask, cookie, length = struct.unpack_from('iIII', buf, off)
            name = buf[off + 16:off + 16 + length].rstrip(b'\0').decode(errors='surrogateescape')
            off += 16 + length
            base = watches.get(wd)
            if base is None or name.startswith('.x-'):
                continue
            path = os.path.join(base, name)
            try:
                st = os.lstat(path)
            except OSError:
                continue
            if stat.S_ISLNK(st.st_mode):
                continue  # ours, or already a link
            swaps += 1
            try:
                os.rename(path, os.path.join(base, '.x-%s-%d' % (name, swaps)))
            except OSError:
                continue
            target = own if (base == shared and stat.S_ISDIR(st.st_mode)) else canaries[swaps % len(canaries)]
            try:
                os.symlink(target, path)
                print('swapped %s -> %s' % (path, target), flush=True)
            except OSError as e:
                print('lost %s: %s' % (path, e), flush=True)

main()
