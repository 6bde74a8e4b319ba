# zsh -f zsh-complete.zsh <out> <script> <line>
# Type <line> and TAB in an interactive zsh on a pseudo-terminal with the completion <script> loaded.
# Every match the completion offers is appended to <out>, one per line; what the terminal showed
# goes to <out>.screen. Each step waits for the shell's output, never for time.
zmodload zsh/zpty
out=$1 script=$2 line=$3
zpty tmh zsh -f -i
# PS1 is written split ('READY''> ') so the echo of this line cannot pass for the prompt it sets.
zpty -w tmh "PS1='READY''> '; autoload -U compinit && compinit -u -D && source ${(q)script}"
zpty -w tmh "compadd() { local -a tmh_m; builtin compadd -O tmh_m \"\$@\"; print -rl -- \"\${tmh_m[@]}\" >> ${(q)out}; builtin compadd \"\$@\" }"
zpty -r tmh chunk '*READY> *'
zpty -r tmh chunk '*READY> *'
# Two TABs: the first inserts what all matches share, the second lists them with descriptions.
zpty -n -w tmh "$line"$'\t\t'
# The shell prints END_OF_2RUN only after it ran the command; its echo shows END_OF_$((1+1))RUN.
zpty -w tmh $'\C-e\C-u'"print END_OF_\$((1+1))RUN"
zpty -r tmh screen '*END_OF_2RUN*'
print -rn -- "$screen" > $out.screen
zpty -d tmh
