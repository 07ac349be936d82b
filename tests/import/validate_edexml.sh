#!/usr/bin/env bash
# Every EDEXML fixture of the import scenarios is an EDEX file the standard
# allows: xmllint validates each one (every .xml/.XML whose root is <EDEX>)
# against scenarios/edexml.xsd. Fails when one does not validate, or when
# there are none to validate (a test that cannot fail is no test).
set -euo pipefail
dir="$(cd "$(dirname "$0")/scenarios" && pwd)"
count=0
while IFS= read -r -d '' file; do
  grep -q '^<EDEX' "$file" || continue
  xmllint --noout --schema "$dir/edexml.xsd" "$file"
  count=$((count + 1))
done < <(find "$dir" \( -name '*.xml' -o -name '*.XML' \) -print0 | sort -z)
if [ "$count" -lt 4 ]; then
  echo "validate_edexml: only $count EDEXML files found in $dir" >&2
  exit 1
fi
echo "validate_edexml: $count EDEXML files valid"
