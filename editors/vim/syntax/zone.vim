" Vim syntax file
" Language:    zonepolicy .zone files (zone(5))
" Installed by `make install` into $(PREFIX)/share/vim/vimfiles/syntax/.
" The keywords below are exactly those of dsl/lexer.l: `make test-editors`
" (tests/editors/run.sh) fails when the two lists differ.

if exists("b:current_syntax")
  finish
endif

syn case match

" declarations
syn keyword zoneDecl      module launcher vm program channel assert trusted
" statements inside a launcher or a zone
syn keyword zoneStatement exec config log disk socket device connect capability
syn keyword zoneStatement net limits run read execmem tmp console vhost
" the words that follow a statement
syn keyword zoneModifier  shared takeover rotate none egress listen via
syn keyword zoneModifier  from to no flow
syn keyword zoneProto     tcp udp
syn keyword zoneLimit     cpu memory tasks

syn match   zoneComment   "#.*$" contains=zoneTodo,@Spell
syn keyword zoneTodo      contained TODO FIXME XXX
syn region  zoneString    start=+"+ skip=+\\[\\"]+ end=+"+ end=+$+ oneline contains=zoneEscape,zoneBadEscape
syn match   zoneBadEscape contained "\\[^\\"]"
syn match   zoneEscape    contained "\\[\\"]"
syn match   zoneVersion   "\<\d\+\(\.\d\+\)\+\>"
syn match   zoneNumber    "\<\d\+\([KMGT]\|%\)\="
syn match   zoneOperator  "->"
syn match   zoneIdentError "\<[A-Za-z_][A-Za-z0-9_]*\>" contains=NONE
syn match   zoneIdent     "\<[a-z][a-z0-9_]*\>"

hi def link zoneDecl       Structure
hi def link zoneStatement  Statement
hi def link zoneModifier   Keyword
hi def link zoneProto      Type
hi def link zoneLimit      Type
hi def link zoneComment    Comment
hi def link zoneTodo       Todo
hi def link zoneString     String
hi def link zoneEscape     SpecialChar
hi def link zoneBadEscape  Error
hi def link zoneVersion    Number
hi def link zoneNumber     Number
hi def link zoneOperator   Operator
hi def link zoneIdentError Error

let b:current_syntax = "zone"
