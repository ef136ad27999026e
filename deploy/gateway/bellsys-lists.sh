#!/bin/sh
# Renders the gateway's list-valued settings, which envsubst cannot turn into nginx directives,
# into <dir>/bellsys/ (the template includes them by that path, relative to nginx's conf dir):
#   trusted-proxies.conf  set_real_ip_from per BELLSYS_GATEWAY_TRUSTED_PROXIES entry
#                         (IPs/CIDRs, space or comma separated; empty = trust no one: the TCP peer
#                         is the client and a caller's X-Forwarded-For is ignored)
#   cors-origins.map      one map line per BELLSYS_CONSOLE_ORIGINS entry (exact origins such as
#                         https://console.example.com; empty = no cross-origin caller allowed)
# bin/gateway runs it with the local conf dir; the nginx image runs it from /docker-entrypoint.d/
# (mounted as 25-bellsys-lists.sh) with no argument: /etc/nginx.
set -eu
dir=${1:-/etc/nginx}/bellsys
mkdir -p "$dir"
proxies=$(printf '%s' "${BELLSYS_GATEWAY_TRUSTED_PROXIES:-}" | tr ',' ' ')
origins=$(printf '%s' "${BELLSYS_CONSOLE_ORIGINS:-}" | tr ',' ' ')
{
  echo "# rendered from BELLSYS_GATEWAY_TRUSTED_PROXIES='${BELLSYS_GATEWAY_TRUSTED_PROXIES:-}'"
  for p in $proxies; do
    case "$p" in
      *[!0-9a-fA-F.:/]*) echo "bellsys-lists: not an IP or CIDR: $p" >&2; exit 1 ;;
    esac
    echo "set_real_ip_from $p;"
  done
} > "$dir/trusted-proxies.conf"
{
  echo "# rendered from BELLSYS_CONSOLE_ORIGINS='${BELLSYS_CONSOLE_ORIGINS:-}'"
  for o in $origins; do
    case "$o" in
      http://*|https://*) ;;
      *) echo "bellsys-lists: an origin is scheme://host[:port]: $o" >&2; exit 1 ;;
    esac
    case "$o" in
      */*/*/*|*[\"\;\ \'\{\}\$\\]*) echo "bellsys-lists: an origin has no path or special characters: $o" >&2; exit 1 ;;
    esac
    echo "\"$o\" \$http_origin;"
  done
} > "$dir/cors-origins.map"
