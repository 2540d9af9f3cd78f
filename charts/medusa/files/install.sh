# Storefleet Medusa install step (the "install" init container, on the official node image).
# Installs the store's node_modules from the chart's lockfile into the persistent volume, once
# per lockfile: the release directory is named by the lockfile's sha256 and holds that hash in a
# marker file written only after npm ci succeeded. A later start with the same lockfile skips npm.
# A changed lockfile installs into a fresh directory on the volume, which is renamed into place
# and then made current by replacing a symlink: a killed install never leaves a half-written
# node_modules in use, and its leftovers are removed by the next run.
# Directories come from the environment, defaults as in the pod (the tests run it elsewhere).
set -eu

STORE_FILES="${STORE_FILES:-/store}"   # the chart's files/store/ (ConfigMap): package.json, lockfile, config
APP_DIR="${APP_DIR:-/app}"             # the persistent volume

log() { echo "$(date -u +%H:%M:%S) install: $*"; }

sha=$(sha256sum "$STORE_FILES/package-lock.json" | cut -d ' ' -f 1)
releases="$APP_DIR/releases"
release="$releases/$sha"
mkdir -p "$releases"

# One install at a time on this volume (a second one waits, then finds the first one's work).
exec 9>"$APP_DIR/.install.lock"
flock 9

if [ "$(cat "$release/.lockfile-sha256" 2>/dev/null || true)" = "$sha" ]; then
  log "node_modules for lockfile sha256 $sha already installed; npm ci skipped"
else
  rm -rf "$APP_DIR"/.installing-* "$release"
  fresh=$(mktemp -d "$APP_DIR/.installing-XXXXXX")
  chmod 755 "$fresh"
  cp "$STORE_FILES/package.json" "$STORE_FILES/package-lock.json" "$fresh/"
  log "npm ci of lockfile sha256 $sha (first start or a changed lockfile: this takes a few minutes)"
  started=$(date +%s)
  (cd "$fresh" && npm ci --omit=dev --no-audit --no-fund)
  echo "$sha" > "$fresh/.lockfile-sha256"
  mv -T "$fresh" "$release"
  log "installed in $(( $(date +%s) - started )) s"
fi

# The configuration can change without the lockfile: always take the chart's copy.
for file in package.json medusa-config.js create-admin.js; do
  cp "$STORE_FILES/$file" "$release/.$file.new"
  mv -f "$release/.$file.new" "$release/$file"
done

# Switch "current" to this release in one rename, then drop the releases nothing uses any more.
ln -sfn "releases/$sha" "$APP_DIR/.current.new"
mv -T "$APP_DIR/.current.new" "$APP_DIR/current"
for old in "$releases"/*; do
  [ "$old" = "$release" ] || { log "removing $old (an earlier lockfile)"; rm -rf "$old"; }
done
log "ready: $APP_DIR/current -> releases/$sha"
