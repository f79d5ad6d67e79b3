#!/usr/bin/env python3
"""Makes a domain XML startable on this machine's qemu:///session daemon
(TCG, unprivileged, no bridge, no render node, no reserved huge pages) and
prints, one per line on stderr, each part it rewrote: the test reports
them, so no rewrite hides a fix.

  startable.py IN OUT NAME IMGDIR [--kvm]
  startable.py --tcg-guest IN OUT     (a guest as a TCG user writes it)

Always (the machine, not the guest): NAME as the name, no uuid; each file
disk on its own empty qcow2 in IMGDIR; removable media without source;
every NIC on user networking (without multiqueue or vhost, which only
a bridge or tap has). Host parts the host facts describe and this
machine lacks: huge pages (none reserved here) and CPU/NUMA pins (other
host's CPUs), and memory above 4 GiB (a shared machine cannot allocate 16
GiB guests at start). Without /dev/dri: 3D acceleration and GL displays. With
--kvm (a guest fixed as type 'kvm'): type 'qemu', host-passthrough ->
maximum, and the Hyper-V features QEMU refuses without KVM."""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

KVM_ONLY_HV = ("vpindex", "synic", "stimer", "tlbflush", "ipi", "evmcs", "avic")


def note(what):
    print(what, file=sys.stderr)


def remove(parent, child, what):
    parent.remove(child)
    note(what)


def machine(root, name, imgdir):
    root.find("name").text = name
    for u in root.findall("uuid"):
        root.remove(u)
    devices = root.find("devices")
    if devices is None:
        return
    for i, disk in enumerate(devices.findall("disk")):
        src = disk.find("source")
        if disk.get("device") in ("cdrom", "floppy"):
            if src is not None:
                disk.remove(src)
            continue
        if disk.get("type") != "file" or src is None or not src.get("file"):
            continue
        img = os.path.join(imgdir, "%s-%d.qcow2" % (name, i))
        if not os.path.exists(img):
            subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", img, "64M"], check=True)
            os.chmod(img, 0o666)
        src.set("file", img)
        drv = disk.find("driver")
        if drv is not None:
            drv.set("type", "qcow2")
    for nic in devices.findall("interface"):
        if nic.get("type") in ("bridge", "network", "direct", "ethernet"):
            nic.set("type", "user")
            for s in nic.findall("source"):
                nic.remove(s)
            for t in nic.findall("target"):
                nic.remove(t)
            # What a bridge has and user networking lacks (libvirt refuses it).
            for drv in nic.findall("driver"):
                for attr in ("queues", "name"):
                    if drv.get(attr) is not None and not (attr == "name" and drv.get(attr) == "qemu"):
                        del drv.attrib[attr]
                        note("NIC driver %s: user networking here (no bridge) has none" % attr)


def host_parts(root):
    mb = root.find("memoryBacking")
    hp = mb.find("hugepages") if mb is not None else None
    if hp is not None:
        remove(mb, hp, "huge pages: none reserved here")
    ct = root.find("cputune")
    if ct is not None:
        pins = [c for c in ct if c.tag in ("vcpupin", "emulatorpin", "iothreadpin")]
        for p in pins:
            ct.remove(p)
        if pins:
            note("cputune pins: the host facts' CPUs, not this machine's")
    nt = root.find("numatune")
    if nt is not None:
        remove(root, nt, "numatune: the host facts' NUMA nodes")


UNITS = {"b": 1 / 1024, "bytes": 1 / 1024, "k": 1, "kib": 1, "kb": 1000 / 1024,
         "m": 1024, "mib": 1024, "mb": 1000 ** 2 / 1024, "g": 1024 ** 2, "gib": 1024 ** 2,
         "gb": 1000 ** 3 / 1024}


def kib(el, attr=None):
    unit = (el.get("unit") or "KiB").lower()
    return int(float(el.get(attr) if attr else el.text) * UNITS.get(unit, 1))


def set_kib(el, value, attr=None):
    el.set("unit", "KiB")
    if attr:
        el.set(attr, str(value))
    else:
        el.text = str(value)


def memory_size(root):
    """Guests above 4 GiB get 2 GiB (guest NUMA cells split it evenly)."""
    mem = root.find("memory")
    if mem is None or kib(mem) <= 4 * 1024 ** 2 or root.find("devices/memory") is not None:
        return
    cells = root.findall("cpu/numa/cell")
    each = (2 * 1024 ** 2 // max(len(cells), 1)) // 1024 * 1024
    for c in cells:
        set_kib(c, each, "memory")
    total = each * max(len(cells), 1)
    for el in (mem, root.find("currentMemory")):
        if el is not None:
            set_kib(el, total)
    note("memory above 4 GiB -> %d MiB: this shared machine cannot allocate it at start"
         % (total // 1024))


def render_node(root):
    if os.path.isdir("/dev/dri"):
        return
    devices = root.find("devices")
    if devices is None:
        return
    for accel in devices.findall("video/model/acceleration"):
        if accel.get("accel3d") == "yes":
            accel.set("accel3d", "no")
            note("accel3d: no render node (/dev/dri) here")
    for g in devices.findall("graphics"):
        if g.get("type") == "egl-headless":
            remove(devices, g, "egl-headless: no render node here")
            continue
        for gl in g.findall("gl"):
            remove(g, gl, "%s gl: no render node here" % g.get("type"))


def kvm_parts(root):
    root.set("type", "qemu")
    note("type kvm -> qemu: no KVM for this user")
    cpu = root.find("cpu")
    if cpu is not None and cpu.get("mode") == "host-passthrough":
        cpu.set("mode", "maximum")
        note("host-passthrough -> maximum: TCG has no host CPU")
    hv = root.find("features/hyperv")
    if hv is not None:
        gone = [c for c in hv if c.tag in KVM_ONLY_HV]
        for c in gone:
            hv.remove(c)
        if gone:
            note("hyperv %s: QEMU needs KVM for them" % " ".join(c.tag for c in gone))


def main():
    ET.register_namespace("libosinfo", "http://libosinfo.org/xmlns/libvirt/domain/1.0")
    ET.register_namespace("guardian", "https://guardian-virt.dev/xmlns/guardian/1")
    if sys.argv[1] == "--tcg-guest":
        # The guest a TCG user has: what QEMU refuses without KVM is not there.
        tree = ET.parse(sys.argv[2])
        kvm_parts(tree.getroot())
        tree.write(sys.argv[3])
        return
    src, dst, name, imgdir = sys.argv[1:5]
    tree = ET.parse(src)
    root = tree.getroot()
    machine(root, name, imgdir)
    host_parts(root)
    memory_size(root)
    render_node(root)
    if "--kvm" in sys.argv[5:]:
        kvm_parts(root)
    tree.write(dst)
    os.chmod(dst, 0o644)


if __name__ == "__main__":
    main()
