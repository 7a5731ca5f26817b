#!/usr/bin/env bash
# Builds the API documentation (DocC catalogs of Nabla and DomainAdaptation, and every public
# symbol of the libraries) as static websites under docs/api/ (not committed), with the
# swift-docc-plugin:
#   bash scripts/docs.sh            then open docs/api/DomainAdaptation/index.html through a web server
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p docs/api
for target in Nabla NablaNN NablaOptimizers DomainAdaptation; do
    swift package --allow-writing-to-directory "docs/api/$target" generate-documentation --target "$target" \
        --disable-indexing --transform-for-static-hosting --output-path "docs/api/$target" --warnings-as-errors
done
echo "wrote docs/api/{Nabla,NablaNN,NablaOptimizers,DomainAdaptation}"
