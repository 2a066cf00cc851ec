/**
 * Renders a Plan as a bash script: `set -euo pipefail`, every value in a
 * variable at the top, a comment per step, and the CLIs (aws, gcloud, az,
 * curl with jq for JSON bodies).
 *
 * Every value reaches the script through `shellQuote` (single quotes, with
 * `'` written as `'\''`), and commands refer to values only as "$VARIABLE",
 * so no value can change the argv a CLI receives. Comments are flattened to
 * one line, so a value in a title cannot end the comment either.
 */
import type { Plan, PlanStep, PlanVariable, ShellLine, ShellWord } from '../model/plan';
import { statesIn } from '../model/states';
import { UNSAFE_CHARACTER } from '../model/text';

/** The one quoting function: a word bash reads back as exactly `value`. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  if (!UNSAFE_CHARACTER.test(value)) return singleQuoted(value);
  // Control, line-separator and bidi characters never appear raw (they would make the line
  // display as something else): each is written as its UTF-8 bytes in bash's $'\xHH' form,
  // which reads back the same in any locale, between single-quoted runs of the rest.
  const unsafe = new RegExp(UNSAFE_CHARACTER.source, 'g');
  let out = '';
  let last = 0;
  for (const m of value.matchAll(unsafe)) {
    if (m.index > last) out += singleQuoted(value.slice(last, m.index));
    const bytes = [...Buffer.from(m[0], 'utf8')];
    out += `$'${bytes.map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('')}'`;
    last = m.index + m[0].length;
  }
  if (last < value.length) out += singleQuoted(value.slice(last));
  return out;
}

function singleQuoted(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The quoted form, even for safe words (used inside concatenations). */
function quoted(value: string): string {
  const q = shellQuote(value);
  return q.startsWith("'") || q.startsWith("$'") ? q : `'${q}'`;
}

/** Comment text on one line: control, line-separator and bidi characters become spaces. */
export function commentText(text: string): string {
  return text.replace(new RegExp(`(?:${UNSAFE_CHARACTER.source})+`, 'g'), ' ').trim();
}

const VARIABLE_NAME = /^[A-Z][A-Z0-9_]*$/;

function variableName(name: string): string {
  if (!VARIABLE_NAME.test(name)) throw new Error(`Not a script variable name: ${name}`);
  return name;
}

export function renderWord(word: ShellWord): string {
  if (typeof word === 'string') return shellQuote(word);
  if ('var' in word) {
    const name = variableName(word.var);
    return word.index === undefined ? `"$${name}"` : `"\${${name}[${word.index}]}"`;
  }
  if ('concat' in word) {
    // Literal parts are always quoted here, so no bare word sits between two quoted ones.
    return word.concat
      .map((part) =>
        typeof part === 'string' ? (part === '' ? '' : quoted(part)) : renderWord(part),
      )
      .join('');
  }
  return `"$(${renderCommand(word.subst, false)})"`;
}

/** Options start a new line when the command is long, so each flag sits with its value. */
function renderCommand(argv: ShellWord[], breakLines = true): string {
  const words = argv.map(renderWord);
  const oneLine = words.join(' ');
  if (!breakLines || oneLine.length <= 100) return oneLine;
  const groups: string[][] = [];
  argv.forEach((word, i) => {
    const startsGroup = i === 0 || (typeof word === 'string' && word.startsWith('-'));
    if (startsGroup || groups.length === 0) groups.push([words[i]]);
    else groups[groups.length - 1].push(words[i]);
  });
  return groups.map((g) => g.join(' ')).join(' \\\n    ');
}

function renderLines(lines: ShellLine[], indent = ''): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if ('comment' in line) out.push(`${indent}# ${commentText(line.comment)}`);
    else if ('say' in line)
      out.push(
        `${indent}printf '%s\\n' ${renderWord({ concat: line.say.length ? line.say : [''] })}`,
      );
    else if ('ifVar' in line) {
      const v = variableName(line.ifVar);
      out.push(
        line.equals === null
          ? `${indent}if [[ -z "$${v}" || "$${v}" == None ]]; then`
          : `${indent}if [[ "$${v}" == ${shellQuote(line.equals)} ]]; then`,
      );
      out.push(...renderLines(line.then, `${indent}  `));
      out.push(`${indent}fi`);
    } else {
      let command = renderCommand(line.command);
      if (line.pipeTo) command += ` |\n    ${renderCommand(line.pipeTo)}`;
      command = command.replace(/\n/g, `\n${indent}`);
      out.push(
        line.capture
          ? `${indent}${variableName(line.capture)}=$(${command})`
          : `${indent}${command}`,
      );
    }
  }
  return out;
}

// ---- helpers the generated script defines when its steps use them ----

const HELPERS: Record<string, string> = {
  stop_script: `# stop_script MESSAGE...: prints the message on stderr and stops the script (exit 1).
stop_script() {
  printf 'Stopped: %s\\n' "$*" >&2
  exit 1
}`,
  wait_for_state: `# wait_for_state WANTED FAILED COMMAND...: runs COMMAND until it prints one of the
# |-separated WANTED values; stops at once on a FAILED value or after WAIT_TIMEOUT_SECONDS.
wait_for_state() {
  local wanted=$1 failed=$2 deadline=$((SECONDS + WAIT_TIMEOUT_SECONDS)) out
  shift 2
  while :; do
    # A read can fail while the resource is still appearing (another region, another account).
    out=$("$@") || out=''
    case "|$wanted|" in *"|$out|"*) return 0 ;; esac
    if [[ -n "$out" ]]; then
      case "|$failed|" in *"|$out|"*)
        echo "Stopped: the state is $out" >&2
        return 1
        ;;
      esac
    fi
    if ((SECONDS >= deadline)); then
      echo "Timed out waiting for $wanted (last seen: $out)" >&2
      return 1
    fi
    sleep "$WAIT_INTERVAL_SECONDS"
  done
}`,
  wait_for_value: `# wait_for_value COMMAND...: runs COMMAND until it prints something other than
# nothing or "None", then prints that; gives up after WAIT_TIMEOUT_SECONDS.
wait_for_value() {
  local deadline=$((SECONDS + WAIT_TIMEOUT_SECONDS)) out
  while :; do
    out=$("$@") || out=''
    if [[ -n "$out" && "$out" != None && "$out" != null ]]; then
      printf '%s\\n' "$out"
      return 0
    fi
    if ((SECONDS >= deadline)); then
      echo "Timed out waiting for: $*" >&2
      return 1
    fi
    sleep "$WAIT_INTERVAL_SECONDS"
  done
}`,
  upcloud_api: `# upcloud_api METHOD PATH [curl options...]: UpCloud API 1.3 with UPCLOUD_TOKEN.
upcloud_api() {
  local method=$1 path=$2
  shift 2
  curl --fail-with-body --silent --show-error -X "$method" \\
    -H "Authorization: Bearer $UPCLOUD_TOKEN" -H 'Content-Type: application/json' \\
    "$UPCLOUD_API$path" "$@"
}`,
  upcloud_peer_api: `# upcloud_peer_api METHOD PATH [curl options...]: UpCloud API 1.3 as the other network's
# account, with UPCLOUD_PEER_TOKEN (UPCLOUD_TOKEN when both networks are in one account).
upcloud_peer_api() {
  local method=$1 path=$2
  shift 2
  curl --fail-with-body --silent --show-error -X "$method" \\
    -H "Authorization: Bearer $UPCLOUD_PEER_TOKEN" -H 'Content-Type: application/json' \\
    "$UPCLOUD_API$path" "$@"
}`,
  aiven_api: `# aiven_api METHOD PATH [curl options...]: Aiven API v1 with AIVEN_TOKEN.
aiven_api() {
  local method=$1 path=$2
  shift 2
  curl --fail-with-body --silent --show-error -X "$method" \\
    -H "Authorization: aivenv1 $AIVEN_TOKEN" -H 'Content-Type: application/json' \\
    "$AIVEN_API$path" "$@"
}`,
  dfcloud_api: `# dfcloud_api METHOD PATH [curl options...]: Dragonfly Cloud API v1 with DFCLOUD_API_KEY.
dfcloud_api() {
  local method=$1 path=$2
  shift 2
  curl --fail-with-body --silent --show-error -X "$method" \\
    -H "Authorization: Bearer $DFCLOUD_API_KEY" -H 'Content-Type: application/json' \\
    "$DFCLOUD_API$path" "$@"
}`,
  gcp_peering_state: `# gcp_peering_state PROJECT NETWORK NAME: the state of that peering (ACTIVE, INACTIVE), or nothing.
gcp_peering_state() {
  gcloud compute networks describe "$2" --project "$1" --format json |
    jq -r --arg name "$3" '[.peerings[]? | select(.name == $name) | .state][0] // empty'
}`,
  upcloud_peering_state: `# upcloud_peering_state NETWORK PEER: the state of the peering from NETWORK to PEER, or nothing.
upcloud_peering_state() {
  upcloud_api GET /1.3/network-peering |
    jq -r --arg net "$1" --arg peer "$2" '[.network_peerings.network_peering[]? | select(.network.uuid == $net and .peer_network.uuid == $peer) | .state][0] // empty'
}`,
  aiven_connection_state: `# aiven_connection_state VPC_PATH UPCLOUD_NETWORK: the state of the Aiven peering connection
# to UPCLOUD_NETWORK (one that is not deleted first, else a deleted one), or nothing.
aiven_connection_state() {
  aiven_api GET "$1" |
    jq -r --arg peer "$2" '[.peering_connections[]? | select(.peer_vpc == $peer)] | sort_by(${statesIn(
      'aiven',
      'gone',
    )
      .map((s) => `.state == ${JSON.stringify(s)}`)
      .join(' or ')}) | .[0].state // empty'
}`,
  aiven_network_id: `# aiven_network_id VPC_PATH UPCLOUD_NETWORK: Aiven's own network id, once the connection
# to UPCLOUD_NETWORK reads PENDING_PEER or ACTIVE (the "Aiven network ID" column).
aiven_network_id() {
  aiven_api GET "$1" |
    jq -r --arg peer "$2" '[.peering_connections[]? | select(.peer_vpc == $peer and (.state == "PENDING_PEER" or .state == "ACTIVE")) | .state_info["to-network-id"]][0] // empty'
}`,
  confirm_done: `# confirm_done NAME WHAT: stops until the user confirms that WHAT (a console step) is done:
# Enter at a terminal; without one, NAME=yes in the environment, or the script stops here
# (every step looks for its effect first, so run it again with NAME=yes once WHAT is done).
confirm_done() {
  if [[ "\${!1:-}" == yes ]]; then return 0; fi
  if [[ -t 0 ]]; then
    read -r -p "$2 Press Enter once it is done (Ctrl+C stops here): " _
    return 0
  fi
  echo "Stopped: $2 Once it is done, run this script again with $1=yes." >&2
  exit 3
}`,
  dfcloud_connection_status: `# The status of the Dragonfly Cloud connection CONNECTION_ID.
dfcloud_connection_status() {
  dfcloud_api GET "/v1/connections/$CONNECTION_ID" | jq -r .status
}`,
};

/** Helpers other helpers call. */
const HELPER_NEEDS: Record<string, string[]> = {
  dfcloud_connection_status: ['dfcloud_api'],
  upcloud_peering_state: ['upcloud_api'],
  aiven_connection_state: ['aiven_api'],
  aiven_network_id: ['aiven_api'],
};

/** Environment the helpers read: API roots default to the real services, secrets must be set. */
const HELPER_ENV: Record<string, string[]> = {
  upcloud_api: [
    'UPCLOUD_API=${UPCLOUD_API:-https://api.upcloud.com}',
    ': "${UPCLOUD_TOKEN:?Set UPCLOUD_TOKEN to an UpCloud API token}"',
  ],
  upcloud_peer_api: [
    'UPCLOUD_API=${UPCLOUD_API:-https://api.upcloud.com}',
    ': "${UPCLOUD_PEER_TOKEN:=${UPCLOUD_TOKEN:?Set UPCLOUD_PEER_TOKEN to an API token of the account that owns the other network, or UPCLOUD_TOKEN when one account owns both}}"',
  ],
  aiven_api: [
    'AIVEN_API=${AIVEN_API:-https://api.aiven.io}',
    ': "${AIVEN_TOKEN:?Set AIVEN_TOKEN to an Aiven token}"',
  ],
  dfcloud_api: [
    'DFCLOUD_API=${DFCLOUD_API:-https://api.dragonflydb.cloud}',
    ': "${DFCLOUD_API_KEY:?Set DFCLOUD_API_KEY to a Dragonfly Cloud API key}"',
  ],
};

/** The bash function that runs the aws CLI as one side: its profile and region. */
export function awsSideCommand(side: string): string {
  return `aws_${side.replace(/[^A-Za-z0-9]/g, '_').toLowerCase()}`;
}

export function awsSideVariables(side: string): { profile: string; region: string } {
  const prefix = side.replace(/[^A-Za-z0-9]/g, '_').toUpperCase();
  return { profile: `${prefix}_AWS_PROFILE`, region: `${prefix}_REGION` };
}

function awsSideFunction(side: string): string {
  const { profile, region } = awsSideVariables(side);
  // --flag=value: a profile named "-x" stays the option's value instead of becoming an option.
  return `${awsSideCommand(side)}() {
  aws \${AWS_EC2_ENDPOINT:+--endpoint-url "$AWS_EC2_ENDPOINT"} \${${profile}:+--profile="$${profile}"} --region "$${region}" "$@"
}`;
}

// ---- collecting what a script uses ----

interface Usage {
  variables: Set<string>;
  programs: Set<string>;
}

function collectWord(word: ShellWord, usage: Usage, first: boolean): void {
  if (typeof word === 'string') {
    if (first) usage.programs.add(word);
  } else if ('var' in word) usage.variables.add(word.var);
  else if ('concat' in word) word.concat.forEach((w) => collectWord(w, usage, false));
  else word.subst.forEach((w, i) => collectWord(w, usage, i === 0));
}

function collectLines(lines: ShellLine[], usage: Usage): void {
  for (const line of lines) {
    if ('command' in line) {
      line.command.forEach((w, i) => collectWord(w, usage, i === 0));
      line.pipeTo?.forEach((w, i) => collectWord(w, usage, i === 0));
      // wait_for_* take a command after their own arguments.
      line.command.forEach((w) => {
        if (typeof w === 'string' && (w.startsWith('aws_') || w in HELPERS)) usage.programs.add(w);
      });
    } else if ('say' in line) line.say.forEach((w) => collectWord(w, usage, false));
    else if ('ifVar' in line) {
      usage.variables.add(line.ifVar);
      collectLines(line.then, usage);
    }
  }
}

function assignment(variable: PlanVariable): string[] {
  const name = variableName(variable.name);
  const values = Array.isArray(variable.value) ? variable.value : [variable.value];
  const value = Array.isArray(variable.value)
    ? `(${variable.value.map(shellQuote).join(' ')})`
    : shellQuote(variable.value);
  // shellcheck flags `$` and backquotes inside single quotes as a likely mistake; here they are the value.
  const literal = values.some((v) => /[$`]/.test(v))
    ? ['# shellcheck disable=SC2016 # the quotes keep $ and ` literal on purpose']
    : [];
  return [...literal, `${name}=${value}`];
}

function stepHeader(step: PlanStep, index: number, total: number, plan: Plan): string[] {
  const side = plan.sides.find((s) => s.id === step.side);
  const lines = [
    `# ---- Step ${index + 1}/${total} (${commentText(side?.label ?? step.side)}): ${commentText(step.title)}`,
    `# Why: ${commentText(step.reason)}`,
  ];
  if (step.kind === 'manual')
    lines.push(
      hasCommands(step.scripts.bash)
        ? "# (Without an account for this side the wizard leaves this step to you; the script does it with this side's credentials.)"
        : '# This step is done by hand in a console; the script prints what to enter there.',
    );
  return lines;
}

/** The bash for one step, as the wizard shows it next to the step. */
export function renderBashStep(plan: Plan, step: PlanStep): string {
  const index = plan.steps.indexOf(step);
  return [
    ...stepHeader(step, index < 0 ? 0 : index, plan.steps.length, plan),
    ...renderLines(step.scripts.bash),
  ].join('\n');
}

export function renderBash(plan: Plan): string {
  const usage: Usage = { variables: new Set(), programs: new Set() };
  for (const step of plan.steps) collectLines(step.scripts.bash, usage);
  const awsSides = plan.sides.filter((s) => usage.programs.has(awsSideCommand(s.id)));
  for (const side of awsSides) {
    const vars = awsSideVariables(side.id);
    usage.variables.add(vars.profile);
    usage.variables.add(vars.region);
  }
  for (const [helper, needs] of Object.entries(HELPER_NEEDS))
    if (usage.programs.has(helper)) needs.forEach((n) => usage.programs.add(n));
  const helpers = Object.keys(HELPERS).filter((h) => usage.programs.has(h));
  const tools = new Set<string>();
  if (awsSides.length) tools.add('aws CLI v2');
  if (usage.programs.has('gcloud')) tools.add('gcloud');
  if (usage.programs.has('az')) tools.add('az (Azure CLI)');
  if (helpers.some((h) => h.endsWith('_api'))) tools.add('curl');
  if (usage.programs.has('jq') || helpers.some((h) => h.endsWith('_api'))) tools.add('jq');

  const out: string[] = [
    '#!/usr/bin/env bash',
    `# ${commentText(plan.title)}`,
    `# ${commentText(plan.summary)}`,
    `# Generated by Cloud Peering from ${commentText(plan.source)}.`,
    `# Needs: ${[...tools].join(', ') || 'bash'}. Safe to run again: each step first looks for what it would create.`,
    'set -euo pipefail',
    '',
    '# ---- Values (edit here) ----',
  ];
  const variables = plan.variables.filter(
    (v) => usage.variables.has(v.name) && !v.secret && !v.terraformOnly,
  );
  for (const v of variables) {
    out.push(`# ${commentText(v.description)}`);
    out.push(...assignment(v));
  }
  const missing = [...usage.variables].filter(
    (name) =>
      !plan.variables.some((v) => v.name === name) &&
      !plan.steps.some((s) => definesVariable(s.scripts.bash, name)),
  );
  if (missing.length) throw new Error(`Plan variables missing: ${missing.join(', ')}`);
  const secretVars = plan.variables.filter((v) => usage.variables.has(v.name) && v.secret);
  for (const v of secretVars) {
    out.push(`# ${commentText(v.description)} (read from the environment, never written here)`);
    out.push(`: "\${${variableName(v.name)}:?Set ${v.name} in the environment}"`);
  }
  if (awsSides.length)
    out.push(
      '# Optional: AWS_EC2_ENDPOINT points the aws CLI at an emulator (LocalStack, the Cloud Peering sandbox).',
      'AWS_EC2_ENDPOINT=${AWS_EC2_ENDPOINT:-}',
    );
  out.push(...new Set(helpers.flatMap((h) => HELPER_ENV[h] ?? [])));
  if (helpers.some((h) => h.startsWith('wait_for')))
    out.push(
      'WAIT_INTERVAL_SECONDS=${WAIT_INTERVAL_SECONDS:-10}',
      'WAIT_TIMEOUT_SECONDS=${WAIT_TIMEOUT_SECONDS:-1800}',
    );
  if (awsSides.length || helpers.length) {
    out.push('', '# ---- Helpers ----');
    for (const side of awsSides) {
      out.push(
        `# The aws CLI as ${commentText(side.label)}: its profile (empty: the default credentials) and region.`,
      );
      out.push(awsSideFunction(side.id));
    }
    for (const h of helpers) out.push(HELPERS[h]);
  }
  plan.steps.forEach((step, i) => {
    out.push(
      '',
      ...stepHeader(step, i, plan.steps.length, plan),
      ...renderLines(step.scripts.bash),
    );
  });
  if (plan.followUps.length) {
    out.push('', '# ---- Still to do ----');
    for (const f of plan.followUps) out.push(`# - ${commentText(f)}`);
  }
  out.push('', "echo 'Done.'", '');
  return out.join('\n');
}

function hasCommands(lines: ShellLine[]): boolean {
  return lines.some((l) => 'command' in l || ('ifVar' in l && hasCommands(l.then)));
}

function definesVariable(lines: ShellLine[], name: string): boolean {
  return lines.some(
    (l) =>
      ('command' in l && l.capture === name) || ('ifVar' in l && definesVariable(l.then, name)),
  );
}
