#!/usr/bin/env bash
# Re-make the text captures in this folder from the real program, in tmux at 80x24:
# the demo plan with a fixed clock. Run from the repository root: assets/screens/capture.sh
set -euo pipefail
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-$PWD/target}/release/taper
out=$PWD/assets/screens
data=$(mktemp -d)
sock=taper-capture-$$
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$data"' EXIT

start() {
    tmux -L "$sock" kill-server 2>/dev/null || true
    tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 \
        "TAPER_DATA_DIR=$data TAPER_CONFIG=$data/no-config.toml TAPER_NOW=2027-01-21T09:30 NO_COLOR=1 $bin"
    sleep 0.5
}
shot() { sleep 0.4; tmux -L "$sock" capture-pane -p > "$out/$1.txt"; }

rm -rf "${data:?}"/*
start
shot welcome
tmux -L "$sock" send-keys d;  shot today
tmux -L "$sock" send-keys 2;  shot schedule
tmux -L "$sock" send-keys 3;  shot progress
tmux -L "$sock" send-keys 4;  shot calendar
tmux -L "$sock" send-keys ?;  shot help
tmux -L "$sock" send-keys Escape
sleep 0.3
tmux -L "$sock" send-keys n
sleep 0.3
type() { tmux -L "$sock" send-keys -l "$1"; tmux -L "$sock" send-keys Tab; }
type oxy-taper; type oxycodone
tmux -L "$sock" send-keys Right Tab Tab   # class: opioid; unit: mg
type 60; type 0; tmux -L "$sock" send-keys Tab Right Tab   # length: weeks -> percent
type 10; tmux -L "$sock" send-keys Tab; type 28; type 2.5
shot wizard

# Living plans: hold from today with a reason, the schedule marks it, the plan switcher.
rm -rf "${data:?}"/*
start
tmux -L "$sock" send-keys d
sleep 0.3
tmux -L "$sock" send-keys h
sleep 0.3
tmux -L "$sock" send-keys -l "hard week"
tmux -L "$sock" send-keys Enter; shot held
tmux -L "$sock" send-keys 2;     shot schedule-held
tmux -L "$sock" send-keys p;     shot plans
echo "captures written to $out"
