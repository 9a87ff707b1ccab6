import os
sample_rate = 30000
