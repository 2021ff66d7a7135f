#!/usr/bin/env bash
# make-prompts.sh — generates the queue prompts and the music on hold shipped in prompts/.
#
# What:   per language (zh-CN, en) the queue greetings of the service hotline and the sales line,
#         the position / estimated-wait announcement parts ("you are caller number", digits 0-9,
#         "in the queue", "your estimated waiting time is", "minutes"), a "sorry, please hold"
#         reassurance, the voice-menu prompts of conf/menus.yaml (main menu, billing sub-menu,
#         invalid key, no key, goodbye, closed, opening-hours message; issue 17), the callback
#         offer's three prompts (offer, number, confirmation; issue 17), the satisfaction
#         survey's question (queues[].survey in conf/queues.yaml, whose thank-you is goodbye.wav), and one
#         language-neutral music-on-hold loop synthesised with sox.
# Format: every file is RIFF WAV, PCM 16-bit signed, 8000 Hz, mono — the only format the gateway's
#         WavReader accepts (it is what G.711 carries, so nothing is resampled at run time).
# Tools:  Debian's espeak-ng (speech) and sox (resampling, trimming, synthesis):
#             apt-get update -qq; apt-get install -y -qq espeak-ng sox
# Usage:  tools/make-prompts.sh            # makes the files that are missing
#         tools/make-prompts.sh --force    # remakes every file
# Idempotent: existing files are kept unless --force; the output is deterministic (sox -R, no
#         dither, fixed espeak-ng voices), so --force on the same tool versions rewrites the same bytes.
# Music:  16 s loop: a plucked C-major-pentatonic melody, one note per 0.5 s (C5 523.25, D5 587.33,
#         E5 659.26, G5 783.99, C6 1046.50 Hz, with the pluck's harmonics) over two-note sine chords,
#         one per 2 s (E4 329.63, F4 349.23, G4 392.00, B4 493.88, C5 523.25 Hz), all inside the
#         300-3400 Hz phone band. It has no A (440/880 Hz, the test tones) and is never one pure
#         tone: at least three frequencies sound at any time. See docs/MEDIA.md.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/prompts"
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

for tool in espeak-ng sox; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "make-prompts: $tool is missing; install it with:" >&2
    echo "  apt-get update -qq; apt-get install -y -qq espeak-ng sox" >&2
    exit 1
  fi
done

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# Output options shared by every file: 8 kHz mono 16-bit signed PCM.
FMT=(-r 8000 -c 1 -b 16 -e signed-integer)

# speak LANG-VOICE OUTFILE TEXT [trim]: text to speech, resampled, normalised, optionally trimmed.
speak() {
  local voice="$1" out="$2" text="$3" trim="${4:-}"
  if [[ -f "$out" && $FORCE -eq 0 ]]; then return; fi
  mkdir -p "$(dirname "$out")"
  espeak-ng -v "$voice" -s 150 -w "$TMP/raw.wav" "$text"
  local effects=(vol 0.5 highpass 200 lowpass 3400 norm -3)
  if [[ -n "$trim" ]]; then
    # strip leading and trailing silence so digits concatenate without gaps
    effects=(silence 1 0.02 1% reverse silence 1 0.02 1% reverse "${effects[@]}")
  fi
  sox -R -D "$TMP/raw.wav" "${FMT[@]}" "$out" "${effects[@]}"
  echo "made ${out#"$ROOT"/}"
}

make_language() {
  local lang="$1" voice="$2"; shift 2
  local -n texts="$1"
  local dir="$OUT/$lang"
  speak "$voice" "$dir/queue-greeting-service.wav" "${texts[greeting_service]}"
  speak "$voice" "$dir/queue-greeting-sales.wav" "${texts[greeting_sales]}"
  speak "$voice" "$dir/you-are-caller-number.wav" "${texts[caller_number]}" trim
  speak "$voice" "$dir/in-the-queue.wav" "${texts[in_queue]}" trim
  speak "$voice" "$dir/estimated-wait.wav" "${texts[estimated_wait]}" trim
  speak "$voice" "$dir/minutes.wav" "${texts[minutes]}" trim
  speak "$voice" "$dir/sorry-please-hold.wav" "${texts[sorry_hold]}"
  speak "$voice" "$dir/menu-main.wav" "${texts[menu_main]}"
  speak "$voice" "$dir/menu-billing.wav" "${texts[menu_billing]}"
  speak "$voice" "$dir/menu-invalid.wav" "${texts[menu_invalid]}"
  speak "$voice" "$dir/menu-timeout.wav" "${texts[menu_timeout]}"
  speak "$voice" "$dir/goodbye.wav" "${texts[goodbye]}"
  speak "$voice" "$dir/closed.wav" "${texts[closed]}"
  speak "$voice" "$dir/message-opening-hours.wav" "${texts[opening_hours]}"
  speak "$voice" "$dir/callback-offer.wav" "${texts[callback_offer]}"
  speak "$voice" "$dir/callback-number.wav" "${texts[callback_number]}"
  speak "$voice" "$dir/callback-confirmed.wav" "${texts[callback_confirmed]}"
  speak "$voice" "$dir/survey-rate.wav" "${texts[survey_rate]}" trim
  local i
  for i in 0 1 2 3 4 5 6 7 8 9; do
    speak "$voice" "$dir/digits/$i.wav" "${texts[digit_$i]}" trim
  done
}

declare -A ZH=(
  [greeting_service]="您好,欢迎致电客服热线,您的电话正在转接中,请稍候。"
  [greeting_sales]="您好,欢迎致电销售热线,您的电话正在转接中,请稍候。"
  [caller_number]="您现在排在第"
  [in_queue]="位"
  [estimated_wait]="预计等待时间约为"
  [minutes]="分钟"
  [sorry_hold]="抱歉,坐席正忙,请您耐心等待,我们将尽快为您服务。"
  [menu_main]="欢迎致电。客服请按1,销售请按2,账务查询请按3,听取营业时间请按9,结束通话请按0。"
  [menu_billing]="账务查询。人工服务请按1,返回上级菜单请按星号键。"
  [menu_invalid]="对不起,您的输入有误。"
  [menu_timeout]="对不起,我们没有收到您的按键。"
  [goodbye]="感谢您的来电,再见。"
  [closed]="您好,现在是非工作时间。"
  [opening_hours]="我们的服务时间为周一至周五上午九点至下午六点,节假日除外。感谢您的来电,再见。"
  [callback_offer]="如需回电,请按1。"
  [callback_number]="回拨本机号码请按1,其他号码请输入后按井号键。"
  [callback_confirmed]="已为您登记回电,排队位置不变。再见。"
  [survey_rate]="请按一到五评分,五分最满意。"
  [digit_0]="零" [digit_1]="一" [digit_2]="二" [digit_3]="三" [digit_4]="四"
  [digit_5]="五" [digit_6]="六" [digit_7]="七" [digit_8]="八" [digit_9]="九"
)
declare -A EN=(
  [greeting_service]="Hello, and thank you for calling our customer service hotline. Your call is being transferred, please hold."
  [greeting_sales]="Hello, and thank you for calling our sales line. Your call is being transferred, please hold."
  [caller_number]="You are caller number"
  [in_queue]="in the queue."
  [estimated_wait]="Your estimated waiting time is"
  [minutes]="minutes."
  [sorry_hold]="We are sorry, all our agents are still busy. Please hold, your call will be answered shortly."
  [menu_main]="Thank you for calling. For service, press 1. For sales, press 2. For billing, press 3. To hear our opening hours, press 9. To end the call, press 0."
  [menu_billing]="Billing. To speak to an agent, press 1. To go back, press the star key."
  [menu_invalid]="Sorry, that is not a valid choice."
  [menu_timeout]="Sorry, we did not receive your choice."
  [goodbye]="Thank you for calling. Goodbye."
  [closed]="Hello, we are closed now."
  [opening_hours]="We are open Monday to Friday, from nine in the morning to six in the evening, except on public holidays. Thank you for calling. Goodbye."
  [callback_offer]="To be called back, press 1."
  [callback_number]="For this number, press 1. For another, key it, then hash."
  [callback_confirmed]="Thank you. You keep your place, we will call you back. Goodbye."
  [survey_rate]="Please rate us from 1 to 5, 5 is best."
  [digit_0]="zero" [digit_1]="one" [digit_2]="two" [digit_3]="three" [digit_4]="four"
  [digit_5]="five" [digit_6]="six" [digit_7]="seven" [digit_8]="eight" [digit_9]="nine"
)

make_language zh-CN cmn ZH
make_language en en-us EN

# --- music on hold ---------------------------------------------------------------------------
MUSIC="$OUT/music/hold-music.wav"
if [[ ! -f "$MUSIC" || $FORCE -eq 1 ]]; then
  mkdir -p "$(dirname "$MUSIC")"
  # melody: one note per 0.5 s (note names are sox's: C5 = 523.25 Hz)
  MELODY=(E5 G5 C6 G5  E5 D5 C5 D5   E5 G5 E5 D5  C5 D5 E5 E5
          G5 E5 D5 C5  D5 E5 G5 E5   C6 G5 E5 D5  C5 D5 C5 C5)
  parts=()
  n=0
  for note in "${MELODY[@]}"; do
    sox -R -D -n "${FMT[@]}" "$TMP/m$n.wav" synth 0.5 pluck "$note" fade q 0.005 0.5 0.15 vol 0.8
    parts+=("$TMP/m$n.wav"); n=$((n + 1))
  done
  sox -R -D "${parts[@]}" "$TMP/melody.wav"
  # harmony: one two-note chord per 2 s (C, G, Em, F, C, F, G, C), soft sines inside the phone band
  CHORDS=("E4 G4" "G4 B4" "E4 B4" "F4 C5" "E4 G4" "F4 C5" "G4 B4" "E4 G4")
  for voice in 1 2; do
    parts=()
    n=0
    for chord in "${CHORDS[@]}"; do
      read -r low high <<<"$chord"
      note=$low; [[ $voice -eq 2 ]] && note=$high
      sox -R -D -n "${FMT[@]}" "$TMP/h$voice-$n.wav" synth 2 sine "$note" fade h 0.1 2 0.3 vol 0.22
      parts+=("$TMP/h$voice-$n.wav"); n=$((n + 1))
    done
    sox -R -D "${parts[@]}" "$TMP/harmony$voice.wav"
  done
  sox -R -D -m -v 1 "$TMP/melody.wav" -v 1 "$TMP/harmony1.wav" -v 1 "$TMP/harmony2.wav" "${FMT[@]}" "$MUSIC" norm -3
  echo "made ${MUSIC#"$ROOT"/}"
fi

du -sh "$OUT" | awk '{print "prompts/ total: " $1}'
