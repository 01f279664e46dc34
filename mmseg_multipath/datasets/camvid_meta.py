"""CamVid class set and palettes (SegNet 11-class benchmark and the original
32 classes).

The SegNet split of CamVid (Brostow et al. 2009; Badrinarayanan et al. 2017)
keeps 11 classes and a void label. The original release labels 32 classes with
RGB colours at 960x720; ``CAMVID32_TO_11`` groups them into the 11 classes the
way the SegNet benchmark does (everything else becomes void).
"""

CAMVID_CLASSES = ('Sky', 'Building', 'Pole', 'Road', 'Pavement', 'Tree',
                  'SignSymbol', 'Fence', 'Car', 'Pedestrian', 'Bicyclist')

# Colours of the original CamVid release for the 11 SegNet classes.
CAMVID_PALETTE = [[128, 128, 128], [128, 0, 0], [192, 192, 128],
                  [128, 64, 128], [60, 40, 222], [128, 128, 0],
                  [192, 128, 128], [64, 64, 128], [64, 0, 128],
                  [64, 64, 0], [0, 128, 192]]

# Label value of void in the SegNet layout (``*annot/`` PNGs).
SEGNET_VOID = 11
# Label value of void in mmseg's layout (``ann_dir``).
IGNORE_INDEX = 255

# Original 32-class colour code (RGB) -> SegNet 11-class index (11 = void).
CAMVID32_TO_11 = {
    (128, 128, 128): 0,  # Sky
    (128, 0, 0): 1,  # Building
    (64, 192, 0): 1,  # Wall
    (64, 0, 64): 1,  # Tunnel
    (192, 0, 128): 1,  # Archway
    (0, 128, 64): 1,  # Bridge
    (192, 192, 128): 2,  # Column_Pole
    (0, 0, 64): 2,  # TrafficCone
    (128, 64, 128): 3,  # Road
    (128, 0, 192): 3,  # LaneMkgsDriv
    (192, 0, 64): 3,  # LaneMkgsNonDriv
    (0, 0, 192): 4,  # Sidewalk
    (64, 192, 128): 4,  # ParkingBlock
    (128, 128, 192): 4,  # RoadShoulder
    (128, 128, 0): 5,  # Tree
    (192, 192, 0): 5,  # VegetationMisc
    (192, 128, 128): 6,  # SignSymbol
    (128, 128, 64): 6,  # Misc_Text
    (0, 64, 64): 6,  # TrafficLight
    (64, 64, 128): 7,  # Fence
    (64, 0, 128): 8,  # Car
    (64, 128, 192): 8,  # SUVPickupTruck
    (192, 128, 192): 8,  # Truck_Bus
    (192, 64, 128): 8,  # Train
    (128, 64, 64): 8,  # OtherMoving
    (64, 64, 0): 9,  # Pedestrian
    (192, 128, 64): 9,  # Child
    (64, 0, 192): 9,  # CartLuggagePram
    (64, 128, 64): 9,  # Animal
    (0, 128, 192): 10,  # Bicyclist
    (192, 0, 192): 10,  # MotorcycleScooter
    (0, 0, 0): SEGNET_VOID,  # Void
}
