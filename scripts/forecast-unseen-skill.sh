#!/usr/bin/env bash
# Measures a forecaster's skill against seasonal naive on series it never trained on, through
# Forecast-v0 (docs/environments.md, "Unseen-series skill"):
#   - leave one series out: for each shipped series, train on the other four, evaluate on it alone
#     (split=all: the whole series is unseen); with co2 held out, also on co2 averaged by calendar
#     month, a monthly series (season 12) no fold trains on;
#   - synthetic: train on all five, evaluate on Forecast-v0's generators, mixed and each family.
# Skill is 1 − ΣCRPS/ΣCRPS(seasonal naive) over the episodes (`series.<name>.skill` of
# `frontier evaluate --json`).
#
#   scripts/forecast-unseen-skill.sh FRONTIER WORKDIR [fit options…]
# e.g. scripts/forecast-unseen-skill.sh .build/release/frontier /tmp/unseen --kind calibrated --augment
set -euo pipefail
frontier=$1 work=$2
shift 2
data=${FORECAST_DATA:-$(cd "$(dirname "$0")/../.." && pwd)/shared/datasets/forecasting}
episodes=${EPISODES:-200}
series=(co2_weekly sunspots_yearly us_cpi_quarterly us_realgdp_quarterly us_unemployment_quarterly)
context=${CONTEXT:-64}
common=(--pooled --context "$context" --horizon 4 --seed 0)
mkdir -p "$work"

skill() {  # bundle, then environment options; prints "skill crps baseline episodes"
  local bundle=$1
  shift
  local args=()
  for option in "$@"; do args+=(--option "$option"); done
  "$frontier" evaluate "$bundle" --env Forecast-v0 --option context="$context" --option quantiles=19 "${args[@]}" --episodes "$episodes" --json \
    | jq -r '.series | to_entries[0].value | "\(.skill) \(.crps) \(.baseline_crps) \(.episodes)"'
}

# co2 by calendar month (the mean of the weeks starting in it), timestamps YYYY-MM.
monthly="$work/held-co2_monthly"
mkdir -p "$monthly"
awk -F, 'NR > 1 { month = substr($1, 1, 7); if (month != last && last != "") { print last "," sum / n; sum = 0; n = 0 } last = month; sum += $2; n++ }
         END { print last "," sum / n }' "$data/co2_weekly.csv" | sed '1i timestamp,value' > "$monthly/co2_monthly.csv"

printf '%-28s %-10s %-10s %-10s %s\n' "unseen series" skill CRPS naive episodes
for held in "${series[@]}"; do
  train=()
  for name in "${series[@]}"; do [ "$name" = "$held" ] || train+=("$data/$name.csv"); done
  mkdir -p "$work/held-$held"
  cp "$data/$held.csv" "$work/held-$held/"
  bundle="$work/without-$held.h5"
  [ -f "$bundle" ] || "$frontier" fit forecast "${common[@]}" "$@" "${train[@]}" --out "$bundle" > "$work/without-$held.log"
  printf '%-28s %s\n' "$held" "$(skill "$bundle" "data=$work/held-$held")"
  if [ "$held" = co2_weekly ]; then printf '%-28s %s\n' "co2_monthly (derived)" "$(skill "$bundle" "data=$monthly")"; fi
done

bundle="$work/all.h5"
all=()
for name in "${series[@]}"; do all+=("$data/$name.csv"); done
[ -f "$bundle" ] || "$frontier" fit forecast "${common[@]}" "$@" "${all[@]}" --out "$bundle" > "$work/all.log"
for family in mixed ar seasonal regime jumps; do
  printf '%-28s %s\n' "synthetic $family" "$(skill "$bundle" "synthetic=$family")"
done
