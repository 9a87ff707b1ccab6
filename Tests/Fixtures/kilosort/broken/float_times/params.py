sample_rate = 1000
