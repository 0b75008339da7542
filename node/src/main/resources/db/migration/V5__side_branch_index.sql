-- Side-branch blocks by height: counted before another is stored (their number is bounded) and pruned once final.
create index block_side_branch_height on block (height) where not main_chain;
