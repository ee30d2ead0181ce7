#!/bin/sh
# Start a screen at the space: wait until the server answers, then open the
# screen's address in Chromium's kiosk mode. See screen/README.md (Kiosk).
#
#   start-kiosk.sh https://example.org/screen/<token>/
#
# Environment (all optional):
#   CHROMIUM        the browser (default: chromium, else chromium-browser as on Raspberry Pi OS)
#   SCREEN_PROFILE  Chromium's profile folder; it keeps the screen's last copy
#                   across restarts (default: ~/.local/share/safespace-screen)
#   SCREEN_WAIT     seconds to wait for the server once the screen has run
#                   before and has a copy to show (default: 120)
set -eu

URL="${1:-${SCREEN_URL:-}}"
case "$URL" in
  http://*/screen/*/|https://*/screen/*/) ;;
  *) echo "usage: $0 https://<host>/screen/<token>/" >&2; exit 2 ;;
esac
ORIGIN=$(printf '%s\n' "$URL" | sed -E 's#^(https?://[^/]+)/.*#\1#')
PROFILE="${SCREEN_PROFILE:-${XDG_DATA_HOME:-$HOME/.local/share}/safespace-screen}"
WAIT="${SCREEN_WAIT:-120}"
if [ -z "${CHROMIUM:-}" ]; then
  CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
fi
[ -n "$CHROMIUM" ] || { echo "$0: chromium not found (set CHROMIUM)" >&2; exit 2; }

answers() {
  if command -v curl >/dev/null 2>&1; then
    curl --silent --fail --max-time 5 --output /dev/null "$ORIGIN/healthz"
  else
    wget --quiet --timeout=5 --tries=1 --output-document=/dev/null "$ORIGIN/healthz"
  fi
}

# The first time ever there is no copy: wait for the server however long it
# takes (Chromium would show its own error page and stay there). Later the
# profile holds the service worker's copy of the last agenda, so after
# SCREEN_WAIT seconds the screen starts anyway, shows that copy marked
# offline, and recovers by itself when the server is back.
waited=0
until answers; do
  if [ -d "$PROFILE/Default/Service Worker" ] && [ "$waited" -ge "$WAIT" ]; then
    echo "$0: $ORIGIN/healthz does not answer; showing the last copy" >&2
    break
  fi
  [ "$waited" -eq 0 ] && echo "$0: waiting for $ORIGIN/healthz" >&2
  sleep 5
  waited=$((waited + 5))
done

mkdir -p "$PROFILE"
# No --incognito: the profile must keep the service worker and its copy.
# The --disable-* flags keep the browser itself from calling other hosts.
exec "$CHROMIUM" \
  --kiosk --noerrdialogs --disable-session-crashed-bubble --disable-infobars \
  --no-first-run --no-default-browser-check --disable-translate \
  --disable-sync --disable-background-networking --disable-component-update \
  --check-for-update-interval=31536000 --password-store=basic \
  --user-data-dir="$PROFILE" \
  "$URL"
