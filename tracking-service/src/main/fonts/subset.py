#!/usr/bin/env python3
"""Makes the report fonts of tracking-service (run once, by hand, when the shipped subsets need more characters).

The PDF of the self-check report embeds two TrueType (glyf) fonts shipped in src/main/resources/fonts/:
- DroidSansFallback-GB2312.ttf: Droid Sans Fallback (Apache-2.0; Debian package fonts-droid-fallback), subset to
  every character of GB2312 plus every non-ASCII character of the sources and plans listed below;
- DejaVuSans-Latin.ttf, DejaVuSans-Bold-Latin.ttf: DejaVu Sans (Bitstream Vera licence; fonts-dejavu-core), subset to
  Latin, Greek, punctuation, arrows and mathematical operators (Droid Sans Fallback has no Latin glyphs).
Needs fontTools (Debian: python3-fonttools). Usage: python3 src/main/fonts/subset.py (from tracking-service/).
"""
import glob
import subprocess

OUT = "src/main/resources/fonts/"

chars = set()
for b1 in range(0xA1, 0xF8):
    for b2 in range(0xA1, 0xFF):
        try:
            chars.add(bytes([b1, b2]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
for f in (glob.glob("src/main/java/**/*.java", recursive=True) + glob.glob("../contracts/src/main/java/**/*.java", recursive=True)
          + glob.glob("../deploy/local/plans/*.json") + glob.glob("../deploy/local/demo/*.json")):
    chars.update(open(f, encoding="utf-8").read())
cjk = "".join(sorted(c for c in chars if ord(c) >= 0x2E80))
with open("/tmp/ecoeval-cjk-chars.txt", "w", encoding="utf-8") as f:
    f.write(cjk)
subprocess.run(["/usr/bin/python3", "-m", "fontTools.subset", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
                "--text-file=/tmp/ecoeval-cjk-chars.txt", "--output-file=" + OUT + "DroidSansFallback-GB2312.ttf",
                "--layout-features=*", "--name-IDs=*", "--notdef-outline"], check=True)
latin = "U+0020-007E,U+00A0-017F,U+0370-03FF,U+2000-206F,U+2070-209F,U+2100-218F,U+2190-21FF,U+2460-24FF,U+2200-22FF,U+25A0-25FF"
for src, dst in (("DejaVuSans.ttf", "DejaVuSans-Latin.ttf"), ("DejaVuSans-Bold.ttf", "DejaVuSans-Bold-Latin.ttf")):
    subprocess.run(["/usr/bin/python3", "-m", "fontTools.subset", "/usr/share/fonts/truetype/dejavu/" + src,
                    "--unicodes=" + latin, "--output-file=" + OUT + dst, "--layout-features=*", "--name-IDs=*",
                    "--notdef-outline"], check=True)
