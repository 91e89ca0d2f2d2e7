#!/usr/bin/env python3
"""Self-check for the Parallax demo corpus (standard library only).

    python3 demo/tools/check_corpus.py

Verifies that every file under demo/corpus parses, that demo/gold.jsonl describes
every article exactly once, that URLs are unique apart from the deliberate
duplicates, that syndicated copies are near-duplicates (>0.8 word 5-shingle
Jaccard) of their wire originals, that the windows-1252 page is really
windows-1252, and that the WARC file checks out. Prints article counts per
event, outlet, format and language. Exits non-zero on any failure.

The paragraph extraction used here is only good enough for this corpus' own
markup (body paragraphs are bare <p> elements on lines of their own); it is a
consistency check, not a model of what the Parallax extractor should do.
"""
import collections
import glob
import html
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

DEMO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(DEMO, "corpus")
NS = {"atom": "http://www.w3.org/2005/Atom", "content": "http://purl.org/rss/1.0/modules/content/",
      "dc": "http://purl.org/dc/elements/1.1/"}
errors = []


def err(msg):
    errors.append(msg)


def strip_tracking(u):
    s = urlsplit(u)
    q = [(k, v) for k, v in parse_qsl(s.query) if not k.startswith("utm_")]
    return urlunsplit((s.scheme, s.netloc, s.path, urlencode(q), ""))


def html_paras(fragment):
    return [html.unescape(re.sub(r"<[^>]+>", "", p)).strip()
            for p in re.findall(r"<p>(.*?)</p>", fragment, re.S)]


def page_paras(page):
    return [html.unescape(m) for m in re.findall(r"^<p>(.*)</p>$", page, re.M)]


# ------------------------------------------------------------ load every container
articles = {}  # (file, key) -> list of paragraphs (or None for summary-only)


def load_rss(rel):
    root = ET.parse(os.path.join(CORPUS, rel)).getroot()
    for it in root.iter("item"):
        link = it.findtext("link")
        enc = it.find("content:encoded", NS)
        if enc is not None:
            articles[(rel, link)] = html_paras(enc.text)
        else:
            d = html.unescape(it.findtext("description") or "")
            articles[(rel, link)] = html_paras(d) if "<p>" in d else None


def load_atom(rel):
    root = ET.parse(os.path.join(CORPUS, rel)).getroot()
    for e in root.findall("atom:entry", NS):
        link = e.find("atom:link[@rel='alternate']", NS).get("href")
        for tag in ("atom:published", "atom:updated", "atom:id", "atom:title"):
            if e.find(tag, NS) is None:
                err("%s: entry %s lacks %s" % (rel, link, tag))
        articles[(rel, link)] = html_paras(e.find("atom:content", NS).text)


def load_jsonfeed(rel):
    jf = json.load(open(os.path.join(CORPUS, rel), encoding="utf-8"))
    if jf.get("version") != "https://jsonfeed.org/version/1.1":
        err("%s: not JSON Feed 1.1" % rel)
    for it in jf["items"]:
        if "content_html" in it:
            articles[(rel, it["url"])] = html_paras(it["content_html"])
        else:
            articles[(rel, it["url"])] = it["content_text"].split("\n\n")


jsonl_lines = collections.Counter()


def load_jsonl(rel):
    for n, line in enumerate(open(os.path.join(CORPUS, rel), encoding="utf-8"), 1):
        d = json.loads(line)
        for k in ("id", "title", "text", "outlet", "url", "published", "language"):
            if k not in d:
                err("%s:%d lacks %s" % (rel, n, k))
        jsonl_lines[line] += 1
        articles[(rel, d["id"])] = d["text"].split("\n\n")


def load_html(rel):
    raw = open(os.path.join(CORPUS, rel), "rb").read()
    m = re.search(rb'<meta charset="([^"]+)"', raw)
    charset = m.group(1).decode() if m else "utf-8"
    if charset.lower() == "windows-1252":
        try:
            raw.decode("utf-8")
            err("%s declares windows-1252 but is valid UTF-8" % rel)
        except UnicodeDecodeError:
            pass
        page = raw.decode("cp1252")
    else:
        page = raw.decode("utf-8")
    for pat in (r'<html lang="[^"]+"', r'<meta property="og:title"', r'<meta property="og:url"',
                r'<meta property="article:published_time"', r'<link rel="canonical"', r"<title>.+ \| .+</title>"):
        if not re.search(pat, page):
            err("%s lacks %s" % (rel, pat))
    if "application/ld+json" not in page and "<time " not in page:
        err("%s has neither JSON-LD nor <time>" % rel)
    for m in re.finditer(r'<script type="application/ld\+json">(.*?)</script>', page, re.S):
        json.loads(m.group(1))
    url = re.search(r'<link rel="canonical" href="([^"]+)"', page).group(1)
    articles[(rel, html.unescape(url))] = page_paras(page)
    return charset


def load_text(rel):
    blocks = open(os.path.join(CORPUS, rel), encoding="utf-8").read().strip().split("\n\n")
    articles[(rel, None)] = blocks


def load_warc(rel):
    sys.dont_write_bytecode = True
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import make_warc
    if make_warc.check() != 0:
        err("WARC check failed")
    for h, block in (make_warc.parse_record(m) for m in make_warc.members(open(os.path.join(CORPUS, rel), "rb").read())):
        if h["WARC-Type"] == "response":
            page = block.partition(b"\r\n\r\n")[2].decode("utf-8")
            articles[(rel, h["WARC-Target-URI"])] = page_paras(page)


charsets = {}
for p in sorted(glob.glob(os.path.join(CORPUS, "**", "*"), recursive=True)):
    if os.path.isdir(p):
        continue
    rel = os.path.relpath(p, CORPUS)
    try:
        if rel.endswith(".xml"):
            load_rss(rel)
        elif rel.endswith(".atom"):
            load_atom(rel)
        elif rel.endswith(".json"):
            load_jsonfeed(rel)
        elif rel.endswith(".jsonl"):
            load_jsonl(rel)
        elif rel.endswith(".html"):
            charsets[rel] = load_html(rel)
        elif rel.endswith(".txt"):
            load_text(rel)
        elif rel.endswith(".warc.gz"):
            load_warc(rel)
        elif rel.endswith(".opml"):
            root = ET.parse(p).getroot()
            feeds = [o for o in root.iter("outline") if o.get("type") == "rss"]
            for o in feeds:
                for a in ("text", "title", "xmlUrl", "htmlUrl"):
                    if not o.get(a):
                        err("opml outline lacks %s" % a)
            print("opml: %d feeds in %d categories" % (len(feeds), len([o for o in root.find("body")])))
        else:
            err("unexpected file %s" % rel)
    except Exception as e:  # noqa: BLE001
        err("%s: %s: %s" % (rel, type(e).__name__, e))

# ------------------------------------------------------------ gold
gold = [json.loads(l) for l in open(os.path.join(DEMO, "gold.jsonl"), encoding="utf-8")]
seen = collections.Counter()
by_ref = {}
for g in gold:
    f = g["file"]
    key = g["id"] if f.endswith(".jsonl") else (None if f.endswith(".txt") else g["url"])
    seen[(f, key)] += 1
    if (f, key) not in articles:
        err("gold entry not found in corpus: %s # %s" % (f, key))
    by_ref["%s#%s" % (f, key)] = g
for k in articles:
    if k not in seen:
        err("corpus article missing from gold: %s # %s" % k)
for k, n in seen.items():
    if n > 1 and not k[0].endswith(".jsonl"):
        err("gold describes %s # %s %d times" % (k[0], k[1], n))
dup_lines = [l for l, n in jsonl_lines.items() if n > 1]

# URLs: unique except the deliberate duplicates
urls = collections.defaultdict(list)
for g in gold:
    if g["url"]:
        urls[strip_tracking(g["url"])].append(g)
for u, gs in urls.items():
    if len(gs) > 1 and sum(1 for g in gs if g["relation"] == "duplicate") != len(gs) - 1:
        err("URL used by several articles: %s" % u)


def shingles(paras, k=5):
    w = re.findall(r"\w+", " ".join(paras).lower())
    return {tuple(w[i:i + k]) for i in range(len(w) - k + 1)}


def body_of(g):
    f = g["file"]
    key = g["id"] if f.endswith(".jsonl") else (None if f.endswith(".txt") else g["url"])
    return articles.get((f, key))


print("\nrelations:")
for g in gold:
    if g["relation"] == "original":
        continue
    orig = by_ref.get(g["of"])
    if orig is None:
        err("'of' does not resolve: %s" % g["of"])
        continue
    a, b = shingles(body_of(orig)), shingles(body_of(g))
    jac = len(a & b) / len(a | b)
    print("  %-10s %-50s of %-40s jaccard=%.3f" % (g["relation"], g["file"] + "#" + str(g["id"] or g["url"])[-28:],
                                                  orig["file"], jac))
    if g["relation"] == "syndicated" and not 0.8 < jac < 1.0:
        err("syndicated copy not a near-duplicate (%.3f): %s" % (jac, g["file"]))
    if g["relation"] == "duplicate" and body_of(orig) != body_of(g):
        err("duplicate text differs: %s" % g["file"])

# word counts
for g in gold:
    paras = body_of(g)
    if g.get("summary_only"):
        continue
    n = len(" ".join(paras or []).split())
    lo = 150 if g["language"] == "en" else 120
    if not lo <= n <= 470:  # 470: the text files repeat the title line
        err("word count %d out of range: %s %s" % (n, g["file"], g["url"] or g["id"]))

# ------------------------------------------------------------ report
def fmt(f):
    return f.split("/")[0] if "/" in f else f


def table(title, keyf):
    c = collections.Counter(keyf(g) for g in gold)
    print("\n%s:" % title)
    for k, n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0])):
        print("  %-36s %3d" % (k, n))


table("articles per event (gold lines)", lambda g: g["event"])
table("articles per story", lambda g: g["story"])
table("articles per outlet", lambda g: g["outlet"])
table("articles per format", lambda g: {"html": "html", "text": "text", "jsonl": "jsonl", "warc": "warc"}.get(
    fmt(g["file"]), os.path.splitext(g["file"])[1].lstrip(".") + " feed"))
table("articles per language", lambda g: g["language"])
rel = collections.Counter(g["relation"] for g in gold)
summ = sum(1 for g in gold if g.get("summary_only"))
print("\ngold lines: %d  (original %d, syndicated %d, duplicate %d; summary-only %d)" % (
    len(gold), rel["original"], rel["syndicated"], rel["duplicate"], summ))
print("full-text articles excluding exact duplicates: %d" % (len(gold) - rel["duplicate"] - summ))
print("events: %d  stories: %d  outlets: %d" % (len({g["event"] for g in gold}), len({g["story"] for g in gold}),
                                               len({g["outlet"] for g in gold})))
print("jsonl lines repeated verbatim across files: %d" % len(dup_lines))
print("html charsets: %s" % dict(collections.Counter(charsets.values())))
if errors:
    print("\nFAILED (%d):" % len(errors))
    for e in errors:
        print("  " + e)
    sys.exit(1)
print("\nALL CHECKS PASSED")
