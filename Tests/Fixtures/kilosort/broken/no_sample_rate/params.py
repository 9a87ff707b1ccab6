n_channels_dat = 4
dtype = 'int16'
