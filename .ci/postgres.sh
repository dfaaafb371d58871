# Sourced by .ci/run: make a PostgreSQL server available on loopback for the ledger tests and
# export CHIPCONTROLS_TEST_POSTGRES_URL. Installs Debian's packages if the server is missing.
pg_bin=""
for candidate in /usr/lib/postgresql/*/bin /usr/local/bin; do
  if [ -x "$candidate/pg_ctl" ] && [ -x "$candidate/initdb" ]; then pg_bin="$candidate"; break; fi
done
if [ -z "$pg_bin" ]; then
  echo "PostgreSQL not found: installing Debian's postgresql package" >&2
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq postgresql >/dev/null) || { echo "could not install PostgreSQL" >&2; exit 1; }
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
pg_root=$(mktemp -d /tmp/chipcontrols-pg.XXXXXX)
chown -R nobody "$pg_root" 2>/dev/null || true
run_as() { if [ "$(id -u)" = 0 ]; then su -s /bin/sh nobody -c "$*"; else sh -c "$*"; fi; }
pg_port=${CHIPCONTROLS_PG_PORT:-55432}
run_as "$pg_bin/initdb -D $pg_root/data -U postgres -A trust >/dev/null"
run_as "$pg_bin/pg_ctl -D $pg_root/data -o '-p $pg_port -k $pg_root -c listen_addresses=127.0.0.1 -c max_connections=200' -l $pg_root/log -w start >/dev/null"
trap "su -s /bin/sh nobody -c '$pg_bin/pg_ctl -D $pg_root/data -m fast stop' >/dev/null 2>&1 || $pg_bin/pg_ctl -D $pg_root/data -m fast stop >/dev/null 2>&1 || true" EXIT
export CHIPCONTROLS_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$pg_port/postgres"
echo "PostgreSQL running for tests at $CHIPCONTROLS_TEST_POSTGRES_URL" >&2
