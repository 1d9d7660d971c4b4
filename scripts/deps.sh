#!/usr/bin/env bash
# deps.sh — installs the Debian packages Maillage needs to build and test,
# only those missing (so a machine that has them needs no network).
set -euo pipefail

packages=(
  build-essential cmake pkg-config lemon
  librdf0-dev libraptor2-dev librasqal3-dev liblmdb-dev
  raptor2-utils rasqal-utils python3 python3-rdflib valgrind
  libedit-dev tmux
  graphviz libgraphviz-dev libigraph-dev fonts-dejavu-core
  nodejs npm chromium libxml2-utils
  libmicrohttpd-dev curl
  clang libclang-rt-14-dev
  libcurl4-openssl-dev
  postgresql libpq-dev
)

missing=()
for p in "${packages[@]}"; do
  # Node.js from another source (NodeSource's nodejs bundles npm): the
  # commands are what the build needs.
  case "$p" in
    nodejs) command -v node >/dev/null && continue ;;
    npm) command -v npm >/dev/null && continue ;;
    # any libcurl development flavour will do (the GnuTLS one conflicts
    # with the OpenSSL one: do not replace one already installed)
    libcurl4-openssl-dev) pkg-config --exists libcurl 2>/dev/null && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
