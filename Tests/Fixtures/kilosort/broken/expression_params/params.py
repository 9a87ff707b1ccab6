sample_rate = 3e4 * 1
