import Archive
print(ArchiveInfo.name)
