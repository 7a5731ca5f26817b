#!/usr/bin/env bash
# Installs the system libraries the package links (Debian/Ubuntu), only when missing.
set -euo pipefail
packages=(libopenblas-dev libdnnl-dev zlib1g-dev libpng-dev libturbojpeg0-dev liblinear-dev libcairo2-dev fonts-dejavu-core)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}" >&2
    sudo_if_needed=""
    [ "$(id -u)" -ne 0 ] && sudo_if_needed="sudo"
    $sudo_if_needed apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_if_needed apt-get install -y -qq "${missing[@]}" >/dev/null
fi
