" Vim syntax file
" Language:    vmp (the Material-Product chain language; Grammar/vmp.ebnf)
" Filenames:   *.vmp
" Installed by Scripts/install as PREFIX/share/vim/vimfiles/syntax/vmp.vim, with
" ftdetect/vmp.vim beside it; or copy it to ~/.vim/syntax/ and add to ~/.vim/ftdetect/vmp.vim:
"   autocmd BufRead,BufNewFile *.vmp setfiletype vmp
" Tests/vmpTests/GrammarFilesTests.swift checks the keyword and built-in lists below against
" the language's keywords and the built-in registry.

if exists("b:current_syntax")
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

" Identifiers may hold any Unicode letter (S3, 钒钢); keywords are ASCII.
syn iskeyword @,48-57,_,192-255

syn keyword vmpKeyword let fn if then else for print and or not shock by load export plot aggregate
" 'in' is a match, not a keyword, so that vmpConversion (a later match) can claim 'in UNIT'.
syn match vmpKeyword "\<in\>"
syn keyword vmpConstant true false NA
" Words that are keywords only in one statement: load … as, aggregate … as, export … to … overwrite,
" plot … title … caption, shock … push.
syn keyword vmpContextual as to overwrite title caption push
syn keyword vmpSpecial ans args
syn keyword vmpBuiltin A B G I L Z abs argmax argmin audit backward backward_linkage balance column_sums count demand_pull direct extract first forward forward_linkage growth identity income_multipliers inverse key_stages last length link max mean min multipliers number output_multipliers present pull responses round row_sums sort sparkline sqrt stages sum top total trace transpose type2 vector years

syn match vmpStage "\<S\d\+\>"

" A number and its unit: 50 t/day, 37.979 million RMB, 50 (10^4 t), 10%.
syn match vmpNumber "\<\d\+\%(\.\d\+\)\=\%([eE][+-]\=\d\+\)\=" nextgroup=vmpUnit,vmpScaledUnit skipwhite
syn match vmpUnit contained "%\|\<\%(t\|kt\|kg\|day\|year\|RMB\|CNY\|USD\|EUR\|kRMB\|kCNY\|kUSD\|kEUR\|million\|thousand\|billion\|CO2\)\>\%(\^-\=\d\+\)\=\%(\s*\/\=\s*\<\%(t\|kt\|kg\|day\|year\|RMB\|CNY\|USD\|EUR\|kRMB\|kCNY\|kUSD\|kEUR\|million\|thousand\|billion\|CO2\)\>\%(\^-\=\d\+\)\=\)*"
syn match vmpScaledUnit contained "(\s*10\^-\=\d\+\s*\%(t\|kt\|kg\|day\|year\|RMB\|CNY\|USD\|EUR\|kRMB\|kCNY\|kUSD\|kEUR\|million\|thousand\|billion\|CO2\)\>[^)]*)"
" x in UNIT (a scale 10^N may start it).
syn match vmpConversion "\<in\s\+\%(10\^-\=\d\+\s*\)\=\%(t\|kt\|kg\|day\|year\|RMB\|CNY\|USD\|EUR\|kRMB\|kCNY\|kUSD\|kEUR\|million\|thousand\|billion\|CO2\)\>\%(\^-\=\d\+\)\=\%(\s*\/\=\s*\<\%(t\|kt\|kg\|day\|year\|RMB\|CNY\|USD\|EUR\|kRMB\|kCNY\|kUSD\|kEUR\|million\|thousand\|billion\|CO2\)\>\%(\^-\=\d\+\)\=\)*" contains=vmpConversionKeyword
syn keyword vmpConversionKeyword contained in

syn match vmpOperator "\.\.\|==\|!=\|<=\|>=\|[-+*/^<>=%]"

" REPL commands at the start of a line.
syn match vmpCommand "^\s*:\%(save!\|quit-lesson\|\%(help\|quit\|vars\|reset\|load\|save\|echo\|source\|explain\|lesson\|next\|back\|skip\)\>\)"

syn match vmpComment "#.*$" contains=@Spell

" Strings end on their line; {expr} interpolates (nested strings and braces included), \{ is a brace.
syn region vmpString start=+"+ end=+"\|$+ contains=vmpEscape,vmpInvalidEscape,vmpInterpolation oneline
syn match vmpInvalidEscape contained "\\."
syn match vmpEscape contained +\\[nt"\\{}]+
syn region vmpInterpolation contained matchgroup=vmpInterpolationDelimiter start="{" end="}" contains=TOP,vmpBraces oneline
syn region vmpBraces contained transparent start="{" end="}" contains=TOP,vmpBraces oneline

hi def link vmpKeyword Keyword
hi def link vmpConstant Constant
hi def link vmpContextual Keyword
hi def link vmpSpecial Identifier
hi def link vmpBuiltin Function
hi def link vmpStage Constant
hi def link vmpNumber Number
hi def link vmpUnit Type
hi def link vmpScaledUnit Type
hi def link vmpConversion Type
hi def link vmpConversionKeyword Keyword
hi def link vmpOperator Operator
hi def link vmpCommand PreProc
hi def link vmpComment Comment
hi def link vmpString String
hi def link vmpEscape SpecialChar
hi def link vmpInvalidEscape Error
hi def link vmpInterpolationDelimiter Delimiter

let b:current_syntax = "vmp"

let &cpo = s:cpo_save
unlet s:cpo_save
