#!/usr/bin/env python3
"""Build the demo WARC file (Common-Crawl-News style) from demo/warc-src/.

Usage:
    python3 demo/tools/make_warc.py            # write demo/corpus/warc/news-2022-05.warc.gz
    python3 demo/tools/make_warc.py --check    # parse the written file back and verify it

Input:  demo/warc-src/records.json  - list of {file, target_uri, warc_date, published, ip}
        demo/warc-src/<file>        - the HTML page served at target_uri (UTF-8)
Output: one gzip member per WARC record: a warcinfo record, then for every page a
        `request` record followed by its `response` record. Only the responses are
        articles. WARC-Date (the capture time) is deliberately a few days after the
        article's publication time, which is carried by the page's own meta tags.

Standard library only; the output is byte-for-byte reproducible (fixed gzip mtime,
UUIDs derived from the target URIs).
"""
import argparse
import base64
import email.utils
import gzip
import hashlib
import json
import os
import re
import sys
import uuid
import zlib
from datetime import datetime, timezone
from urllib.parse import urlsplit

DEMO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(DEMO, "warc-src")
OUT = os.path.join(DEMO, "corpus", "warc", "news-2022-05.warc.gz")
NS = uuid.UUID("6f0b7f4e-5a8e-4c1e-9d4e-7061726c6178")  # fixed namespace for reproducible record ids
USER_AGENT = "ParallaxDemoBot/1.0 (+https://example.org/parallax-demo)"


def rid(*parts):
    return "<urn:uuid:%s>" % uuid.uuid5(NS, "|".join(parts))


def sha1_b32(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def parse_iso(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def record(headers, block):
    """Serialise one WARC record (headers without Content-Length) and gzip it as its own member."""
    lines = ["WARC/1.0"] + ["%s: %s" % kv for kv in headers] + ["Content-Length: %d" % len(block)]
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + block + b"\r\n\r\n"
    return gzip.compress(raw, compresslevel=9, mtime=0)


def build():
    meta = json.load(open(os.path.join(SRC, "records.json"), encoding="utf-8"))
    filename = os.path.basename(OUT)
    first_date = min(m["warc_date"] for m in meta)
    info_id = rid("warcinfo", filename)
    info = (
        "software: Parallax demo make_warc.py (Python %d.%d)\r\n"
        "format: WARC File Format 1.0\r\n"
        "conformsTo: http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf\r\n"
        "isPartOf: PARALLAX-DEMO-NEWS-2022-05\r\n"
        "publisher: Parallax demo corpus (invented outlets, original text)\r\n"
        "description: News-crawl style capture of %d article pages for the Parallax demo\r\n"
        "operator: parallax-demo\r\n"
        "robots: checked via crawler-commons\r\n"
        "http-header-user-agent: %s\r\n" % (sys.version_info[0], sys.version_info[1], len(meta), USER_AGENT)
    ).encode("utf-8")
    out = [record([("WARC-Type", "warcinfo"), ("WARC-Date", first_date), ("WARC-Filename", filename),
                   ("WARC-Record-ID", info_id), ("Content-Type", "application/warc-fields")], info)]
    for m in meta:
        uri = m["target_uri"]
        u = urlsplit(uri)
        path = u.path + ("?" + u.query if u.query else "")
        req_block = (
            "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\n"
            "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
            "Accept-Language: en-US,en;q=0.5\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n"
            % (path, u.hostname, USER_AGENT)
        ).encode("utf-8")
        req_id = rid("request", uri)
        out.append(record([("WARC-Type", "request"), ("WARC-Date", m["warc_date"]), ("WARC-Record-ID", req_id),
                           ("WARC-Target-URI", uri), ("WARC-Warcinfo-ID", info_id), ("WARC-IP-Address", m["ip"]),
                           ("WARC-Block-Digest", sha1_b32(req_block)),
                           ("Content-Type", "application/http; msgtype=request")], req_block))
        payload = open(os.path.join(SRC, m["file"]), "rb").read()
        captured = parse_iso(m["warc_date"])
        published = parse_iso(m["published"])
        http_head = (
            "HTTP/1.1 200 OK\r\n"
            "Date: %s\r\n"
            "Server: nginx\r\n"
            "Content-Type: text/html; charset=utf-8\r\n"
            "Content-Length: %d\r\n"
            "Last-Modified: %s\r\n"
            "Cache-Control: public, max-age=300\r\n"
            "X-Cache: HIT\r\n"
            "Connection: close\r\n\r\n"
            % (email.utils.format_datetime(captured.astimezone(timezone.utc), usegmt=True), len(payload),
               email.utils.format_datetime(published.astimezone(timezone.utc), usegmt=True))
        ).encode("ascii")
        block = http_head + payload
        out.append(record([("WARC-Type", "response"), ("WARC-Date", m["warc_date"]),
                           ("WARC-Record-ID", rid("response", uri)), ("WARC-Target-URI", uri),
                           ("WARC-Concurrent-To", req_id), ("WARC-Warcinfo-ID", info_id),
                           ("WARC-IP-Address", m["ip"]), ("WARC-Block-Digest", sha1_b32(block)),
                           ("WARC-Payload-Digest", sha1_b32(payload)), ("WARC-Identified-Payload-Type", "text/html"),
                           ("Content-Type", "application/http; msgtype=response")], block))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "wb") as f:
        f.write(b"".join(out))
    print("wrote %s: %d records (%d gzip members, %d bytes)" % (OUT, len(out), len(out), os.path.getsize(OUT)))


# ------------------------------------------------------------------ reader / check

def members(data):
    """Yield the decompressed content of each gzip member in turn."""
    while data:
        d = zlib.decompressobj(wbits=31)
        yield d.decompress(data) + d.flush()
        if not d.eof:
            raise ValueError("truncated gzip member")
        data = d.unused_data


def parse_record(raw):
    head, sep, rest = raw.partition(b"\r\n\r\n")
    if not sep:
        raise ValueError("no header terminator")
    lines = head.decode("utf-8").split("\r\n")
    if lines[0] != "WARC/1.0":
        raise ValueError("bad version line %r" % lines[0])
    h = {}
    for ln in lines[1:]:
        k, _, v = ln.partition(":")
        h[k.strip()] = v.strip()
    n = int(h["Content-Length"])
    block, trailer = rest[:n], rest[n:]
    if len(block) != n or trailer != b"\r\n\r\n":
        raise ValueError("Content-Length mismatch or bad record trailer for %s" % h.get("WARC-Record-ID"))
    return h, block


def check():
    data = open(OUT, "rb").read()
    recs = [parse_record(m) for m in members(data)]
    errors = []
    if not recs or recs[0][0]["WARC-Type"] != "warcinfo":
        errors.append("first record is not warcinfo")
    info_id = recs[0][0]["WARC-Record-ID"]
    requests = {h["WARC-Record-ID"]: h for h, _ in recs if h["WARC-Type"] == "request"}
    ids = [h["WARC-Record-ID"] for h, _ in recs]
    if len(ids) != len(set(ids)):
        errors.append("duplicate WARC-Record-ID")
    rows = []
    for h, block in recs:
        if h.get("WARC-Block-Digest") and h["WARC-Block-Digest"] != sha1_b32(block):
            errors.append("block digest mismatch: %s" % h["WARC-Record-ID"])
        if h["WARC-Type"] == "request" and h.get("WARC-Warcinfo-ID") != info_id:
            errors.append("request without warcinfo link")
        if h["WARC-Type"] != "response":
            continue
        if h["Content-Type"] != "application/http; msgtype=response":
            errors.append("bad Content-Type")
        req = requests.get(h.get("WARC-Concurrent-To"))
        if not req or req["WARC-Target-URI"] != h["WARC-Target-URI"]:
            errors.append("response without matching request: %s" % h["WARC-Target-URI"])
        http_head, _, payload = block.partition(b"\r\n\r\n")
        status = http_head.split(b"\r\n")[0].decode()
        hh = dict(l.decode().split(": ", 1) for l in http_head.split(b"\r\n")[1:])
        if not status.startswith("HTTP/1.1 200"):
            errors.append("status %s" % status)
        if int(hh["Content-Length"]) != len(payload):
            errors.append("HTTP Content-Length mismatch: %s" % h["WARC-Target-URI"])
        if h["WARC-Payload-Digest"] != sha1_b32(payload):
            errors.append("payload digest mismatch: %s" % h["WARC-Target-URI"])
        page = payload.decode("utf-8")
        m = re.search(r'<meta property="article:published_time" content="([^"]+)"', page)
        t = re.search(r"<title>(.*?)</title>", page, re.S)
        if not m:
            errors.append("no published_time in %s" % h["WARC-Target-URI"])
            continue
        pub, cap = parse_iso(m.group(1)), parse_iso(h["WARC-Date"])
        lag = (cap - pub).total_seconds() / 86400
        if not 1 <= lag <= 7:
            errors.append("capture lag %.1f days for %s" % (lag, h["WARC-Target-URI"]))
        canon = re.search(r'<link rel="canonical" href="([^"]+)"', page)
        if not canon or canon.group(1) != h["WARC-Target-URI"]:
            errors.append("canonical != target URI for %s" % h["WARC-Target-URI"])
        rows.append((h["WARC-Date"], m.group(1), "%.1f" % lag, len(payload), h["WARC-Target-URI"], t.group(1) if t else ""))
    types = [h["WARC-Type"] for h, _ in recs]
    print("%s: %d gzip members / records: %s" % (OUT, len(recs), ", ".join("%s=%d" % (k, types.count(k)) for k in sorted(set(types)))))
    for r in rows:
        print("  captured %s  published %s  lag %s d  %6d bytes  %s" % r[:5])
    if errors:
        print("FAILED:")
        for e in errors:
            print("  " + e)
        return 1
    print("OK: every record parses, lengths and digests match, %d responses each paired with a request" % len(rows))
    return 0


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="parse the existing output back and verify it")
    args = ap.parse_args()
    if args.check:
        sys.exit(check())
    build()
