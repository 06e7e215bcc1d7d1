#!/bin/sh
# Makes peer-03-marcus-reid.ogg: the opening cues of the fictional transcript
# transcripts/peer-03-marcus-reid.vtt read by espeak-ng in two voices, each cue
# starting at its cue's time so that the window's player follows the turns.
# It is synthesised speech of made-up text, not a recording of anyone.
# Needs espeak-ng, sox and ffmpeg; the demo only reads the committed file.
set -eu
cd "$(dirname "$0")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# start (s) | voice | words (the cue's text without [laughs])
cat > "$work/cues" <<'CUES'
1.000|en-gb+f3|Okay, I think we're recording. Can you see the little red dot?
6.555|en+m3|I can see the red dot. The red dot sees me. Go on.
13.935|en-gb+f3|Thanks for joining, Marcus.
15.763|en-gb+f3|Could you start by saying a bit about your background and your time in the team?
23.410|en+m3|Yeah. So I've been a peer practitioner in North for six years, which makes me the oldest surviving specimen.
32.533|en+m3|I was in the first cohort, when it was a pilot and nobody knew what it was going to be.
CUES
n=0
parts=""
at=0
while IFS='|' read -r start voice words; do
  n=$((n + 1))
  espeak-ng -v "$voice" -s 165 -w "$work/raw$n.wav" "$words"
  sox "$work/raw$n.wav" -r 16000 -c 1 "$work/cue$n.wav"
  # Silence from where the last cue ended to where this one starts.
  gap=$(echo "$start - $at" | bc -l)
  if [ "$(echo "$gap < 0.05" | bc -l)" = 1 ]; then
    echo "cue $n overruns the one before by $gap s" >&2
    gap=0.05
  fi
  sox -n -r 16000 -c 1 -b 16 "$work/gap$n.wav" synth "$gap" sine 0 vol 0
  length=$(soxi -D "$work/cue$n.wav")
  at=$(echo "$start + $length" | bc -l)
  parts="$parts $work/gap$n.wav $work/cue$n.wav"
done < "$work/cues"
sox -n -r 16000 -c 1 -b 16 "$work/tail.wav" synth 1.5 sine 0 vol 0
# shellcheck disable=SC2086
sox $parts "$work/tail.wav" "$work/all.wav"
ffmpeg -v error -y -i "$work/all.wav" -c:a libvorbis -q:a 0 peer-03-marcus-reid.ogg
