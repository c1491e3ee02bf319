#!/usr/bin/env bash
# Generates the voice clips the controller assembles calls from, with espeak-ng (16-bit mono
# 22050 Hz WAV). A hall can replace any clip with a human recording of the same name and format.
# Usage: make-clips.sh OUTPUT_DIR
set -euo pipefail
out="$1"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
say() { # say VOICE FILE TEXT: spoken, the silence around it cut to a short gap between words
  espeak-ng -v "$1" -s 160 -w "$tmp/raw.wav" "$3"
  sox "$tmp/raw.wav" "$out/$2.wav" silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse pad 0 0.06
}
zh_digits=(零 一 二 三 四 五 六 七 八 九)
for d in 0 1 2 3 4 5 6 7 8 9; do
  say cmn "zh-digit-$d" "${zh_digits[$d]}"
  say en "en-digit-$d" "$d"
done
for l in A B C D E F G H I J K L M N O P Q R S T U V W X Y Z; do
  lower=$(echo "$l" | tr 'A-Z' 'a-z')
  say cmn "zh-letter-$lower" "$l"
  say en "en-letter-$lower" "$l"
done
for n in $(seq 1 99); do
  say cmn "zh-window-$n" "${n}号窗口"
  say en "en-window-$n" "window $n"
done
say cmn zh-please "请"
say cmn zh-number "号"
say cmn zh-to "到"
say cmn zh-go "办理"
say en en-number "Number"
say en en-please-go "please go to"
# The chime before a call: two tones, in the clips' format.
sox -n -r 22050 -b 16 -c 1 "$out/chime.wav" synth 0.25 sine 880 synth 0.35 sine 660 fade 0 0.6 0.15 2>/dev/null ||
  sox -n -r 22050 -b 16 -c 1 "$out/chime.wav" synth 0.6 sine 880 fade 0 0.6 0.2
