# SeqResNet-B42 on ImageNet (the paper's Table 2; 25,642,696 parameters,
# equal to the official code): the B22 recipe.
_base_ = ['./seqresnet-b22_8xb32-100e_in1k.py']
model = dict(backbone=dict(arch='B42'))
