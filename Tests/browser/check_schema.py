#!/usr/bin/env python3
"""Check data/schema.json the way an editor's YAML language server uses it.

Reads the front matter of every case of a content folder as YAML 1.2 (ruamel.yaml, the
version language servers implement) and validates it against the site's
data/schema.json (jsonschema). Every shipped case must pass; a few broken variants of
the first case (an unknown metric, a wrong code, a bad model, a factor off the scale)
must fail, so the schema is known to say something.

    python3 Tests/browser/check_schema.py --site site --content content
"""
import argparse
import copy
import datetime
import glob
import json
import os
import sys

import jsonschema
from ruamel.yaml import YAML


def front_matter(path):
    with open(path, encoding="utf-8-sig") as f:
        lines = f.read().replace("\r\n", "\n").split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == "---")
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    return as_editor_sees(yaml.load("\n".join(lines[1:end])))


def as_editor_sees(value):
    """ruamel.yaml turns 2023-07-15 into a date even in YAML 1.2 mode; a language server's
    core schema keeps it a string, as casebook does."""
    if isinstance(value, dict):
        return {k: as_editor_sees(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_sees(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", default="site")
    parser.add_argument("--content", default="content")
    args = parser.parse_args()
    with open(os.path.join(args.site, "data", "schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft7Validator(schema)
    failures = []
    cases = sorted(glob.glob(os.path.join(args.content, "cases", "*.md")))
    for path in cases:
        for error in validator.iter_errors(front_matter(path)):
            failures.append(f"{path}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
    base = front_matter(cases[0])
    broken = {
        "an unknown metric": lambda d: d["metrics"].update({"graduats": 3}),
        "an unknown sector": lambda d: d["tiers"].update({"sector": 34}),
        "an unknown model": lambda d: d.update({"model": "apprenticeship"}),
        "a factor off the scale": lambda d: d.setdefault("factors", {}).update({"policy": 9}),
        "an unknown field": lambda d: d.update({"colour": "red"}),
    }
    for name, breaking in broken.items():
        data = copy.deepcopy(base)
        breaking(data)
        if validator.is_valid(data):
            failures.append(f"the schema accepts {name}")
    for line in failures:
        print("FAIL " + line)
    print(f"{len(cases)} cases valid against data/schema.json, {len(broken)} broken variants refused"
          if not failures else f"{len(failures)} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
