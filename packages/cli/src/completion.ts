// Shell completion scripts (bash, zsh, fish) generated from the CLI's own commands and options.

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export interface CompletionOption {
  flag: string;
  takesValue: boolean;
}

export interface CompletionSpec {
  name: string;
  options: CompletionOption[];
  commands: Array<{ name: string; options: CompletionOption[] }>;
}

/** Which subcommands complete their first operand with what (cluster ids are asked live). */
const OPERANDS: Record<string, string> = {
  exec: '$(porthole clusters -o name 2>/dev/null)',
  fleet: '$(porthole clusters -o name 2>/dev/null)',
  'use-context': '$(porthole get-contexts -o name 2>/dev/null)',
  completion: 'bash zsh fish',
};

const words = (opts: CompletionOption[]) => opts.map((o) => o.flag).join(' ');
const valueFlags = (spec: CompletionSpec) => [
  ...new Set(
    [spec.options, ...spec.commands.map((c) => c.options)]
      .flat()
      .filter((o) => o.takesValue)
      .map((o) => o.flag),
  ),
];

function bash(spec: CompletionSpec): string {
  const fn = `_${spec.name.replace(/-/g, '_')}`;
  const cases = spec.commands
    .map((c) => {
      const operand = OPERANDS[c.name];
      const orOperand = operand
        ? `\n      elif [[ $nargs -eq 0 ]]; then COMPREPLY=($(compgen -W "${operand}" -- "$cur"));`
        : '';
      return `    ${c.name})
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "${words(c.options)}" -- "$cur"));${orOperand}
      fi ;;`;
    })
    .join('\n');
  return `# ${spec.name} completion for bash: eval "$(${spec.name} completion bash)"
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" sub="" nargs=0 i skip=0
  for ((i = 1; i < COMP_CWORD; i++)); do
    local w="\${COMP_WORDS[i]}"
    if [[ $skip -eq 1 ]]; then skip=0; continue; fi
    case "$w" in
      ${valueFlags(spec).join('|')}) skip=1 ;;
      -*) ;;
      *) if [[ -z "$sub" ]]; then sub="$w"; else nargs=$((nargs + 1)); fi ;;
    esac
  done
  COMPREPLY=()
  case "$sub" in
    "")
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "${words(spec.options)}" -- "$cur"));
      else COMPREPLY=($(compgen -W "${spec.commands.map((c) => c.name).join(' ')}" -- "$cur")); fi ;;
${cases}
  esac
}
complete -F ${fn} ${spec.name}
`;
}

function zsh(spec: CompletionSpec): string {
  const cases = spec.commands
    .map((c) => {
      const operand = OPERANDS[c.name];
      const orOperand = operand
        ? `\n      elif (( nargs == 0 )); then compadd -- ${operand.replace(/\$\((.*)\)/, '$${(f)"$($1)"}')}`
        : '';
      return `    (${c.name})
      if [[ "$cur" == -* ]]; then compadd -- ${words(c.options)}${orOperand}
      fi ;;`;
    })
    .join('\n');
  return `#compdef ${spec.name}
# ${spec.name} completion for zsh: source <(${spec.name} completion zsh)
_${spec.name}() {
  local cur="\${words[CURRENT]}" sub="" w
  integer nargs=0 i skip=0
  for (( i = 2; i < CURRENT; i++ )); do
    w="\${words[i]}"
    if (( skip )); then skip=0; continue; fi
    case "$w" in
      (${valueFlags(spec).join('|')}) skip=1 ;;
      (-*) ;;
      (*) if [[ -z "$sub" ]]; then sub="$w"; else (( nargs++ )); fi ;;
    esac
  done
  case "$sub" in
    ("")
      if [[ "$cur" == -* ]]; then compadd -- ${words(spec.options)}
      else compadd -- ${spec.commands.map((c) => c.name).join(' ')}; fi ;;
${cases}
  esac
}
compdef _${spec.name} ${spec.name}
`;
}

function fish(spec: CompletionSpec): string {
  const n = spec.name;
  const subs = spec.commands.map((c) => c.name).join(' ');
  const option = (o: CompletionOption, condition: string) => {
    const flag = o.flag.startsWith('--') ? `-l ${o.flag.slice(2)}` : `-s ${o.flag.slice(1)}`;
    return `complete -c ${n} -n '${condition}' ${flag}${o.takesValue ? ' -r' : ''}`;
  };
  const lines = [
    `# ${n} completion for fish: ${n} completion fish | source`,
    `complete -c ${n} -f`,
    `complete -c ${n} -n '__fish_use_subcommand' -a '${subs}'`,
    ...spec.options.map((o) => option(o, '__fish_use_subcommand')),
    ...spec.commands.flatMap((c) => {
      const when = `__fish_seen_subcommand_from ${c.name}`;
      const operand = OPERANDS[c.name];
      return [
        ...c.options.map((o) => option(o, when)),
        ...(operand ? [`complete -c ${n} -n '${when}' -a "${operand.replace(/^\$/, '')}"`] : []),
      ];
    }),
  ];
  return `${lines.join('\n')}\n`;
}

export function completionScript(shell: Shell, spec: CompletionSpec): string {
  return shell === 'bash' ? bash(spec) : shell === 'zsh' ? zsh(spec) : fish(spec);
}
