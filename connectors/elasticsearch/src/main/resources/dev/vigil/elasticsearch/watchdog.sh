#!/bin/sh
# Runs the command given as arguments and stops it (SIGTERM) as soon as this script's standard
# input reaches end of file: the parent JVM holds the other end of that pipe, so when the parent
# exits for any reason, kill -9 included, the server it started does not outlive it.
exec 3<&0
"$@" </dev/null &
child=$!
(
  while read -r _ <&3; do :; done
  kill -TERM "$child" 2>/dev/null
) &
watcher=$!
exec 3<&-
trap 'kill -TERM "$child" 2>/dev/null' TERM INT HUP
status=0
while kill -0 "$child" 2>/dev/null; do
  wait "$child"
  status=$?
done
kill "$watcher" 2>/dev/null
exit "$status"
