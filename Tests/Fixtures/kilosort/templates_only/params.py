# Kilosort params
dat_path = [r'D:\data\rec_g0_t0.imec0.ap.bin',
            'second.bin']  # two files
n_channels_dat = 385
dtype = 'int16'
offset = 0
sample_rate = 30000.
hp_filtered = True
