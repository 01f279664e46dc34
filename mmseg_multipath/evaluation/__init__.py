"""Filled by the method issues (Wider or Deeper, ShelfNet, SeqConv,
ChoiceNet, AGC)."""
