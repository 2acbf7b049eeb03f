"""Intake's domain: meldingen, termijnen, pseudonyms and readable rejections. Plain Python."""
