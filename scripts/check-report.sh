#!/usr/bin/env bash
# Renders a `dann report` page in headless Chromium (Debian's `chromium`), saves a screenshot, and
# fails if an image of the page does not load or the page logs a JavaScript error.
#   bash scripts/check-report.sh [RUN_DIR…]      (default: a fresh two-moons demo run)
# Writes report.html, report.png (the screenshot) and check.json into a temporary folder it names.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { echo "needs Debian's chromium: apt-get install chromium" >&2; exit 2; }
swift build -c release --product dann >/dev/null
dann=.build/release/dann
work=$(mktemp -d)
runs=("$@")
if [ ${#runs[@]} -eq 0 ]; then
    "$dann" demo --seeds 1 --steps 3000 --out "$work/demo" --quiet >/dev/null
    runs=("$work/demo")
fi
"$dann" report "${runs[@]}" --out "$work/report.html" >/dev/null

# A checker page loads the report in a frame and records, once it has loaded, every image that
# did not decode; Chromium prints the checker's DOM, and its console messages go to stderr.
cat > "$work/checker.html" <<'HTML'
<!DOCTYPE html><html><body>
<iframe id="report" src="report.html" style="width:1280px;height:2000px"></iframe>
<script>
document.getElementById('report').addEventListener('load', () => {
  const page = document.getElementById('report').contentDocument;
  const images = [...page.images];
  const broken = images.filter(image => !(image.complete && image.naturalWidth > 0)).map(image => image.alt);
  document.body.setAttribute('data-result', JSON.stringify({images: images.length, broken}));
});
</script></body></html>
HTML
flags=(--headless --no-sandbox --disable-gpu --allow-file-access-from-files --virtual-time-budget=10000)
chromium "${flags[@]}" --window-size=1280,2000 --screenshot="$work/report.png" "file://$work/report.html" 2>"$work/screenshot.log" >/dev/null
chromium "${flags[@]}" --enable-logging=stderr --v=0 --dump-dom "file://$work/checker.html" >"$work/dom.html" 2>"$work/console.log"
result=$(python3 - "$work/dom.html" <<'PY'
import html, re, sys
match = re.search(r'data-result="([^"]*)"', open(sys.argv[1]).read())
print(html.unescape(match.group(1)) if match else '{"images": 0, "broken": ["the checker did not run"]}')
PY
)
echo "$result" > "$work/check.json"
errors=$(grep -E "Uncaught|SyntaxError|TypeError|ReferenceError" "$work/console.log" || true)
echo "report: $work/report.html; screenshot: $work/report.png; images: $result"
python3 -c 'import json, sys; r = json.loads(sys.argv[1]); sys.exit(0 if r["images"] > 0 and not r["broken"] else 1)' "$result" \
    || { echo "FAILED: images missing or broken" >&2; exit 1; }
[ -z "$errors" ] || { echo "FAILED: JavaScript errors:" >&2; echo "$errors" >&2; exit 1; }
echo "ok: every image loaded, no JavaScript error"
