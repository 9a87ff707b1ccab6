sample_rate = 25_000
n_channels_dat = 2
dtype = 'int16'
