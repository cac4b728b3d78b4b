// The LQL syntax layer: lexer, parser, syntax tree, printer.
